import type OpenAI from 'openai';
import { benchMessages } from '../bench-request.ts';
import type { Contender } from '../contender.ts';

/** The part of an `openai` SDK instance the benchmark calls. */
export type ChatCompletionsClient = Pick<OpenAI, 'chat'>;

/**
 * The three scenarios as calls on an `openai` SDK instance. Shared by the bare SDK (6 and 7) and
 * the aiclient contenders, which return an SDK instance too, so they run the very same code.
 */
export function sdkContender(client: ChatCompletionsClient, model: string): Contender {
  const complete = async (scenario: 'chat' | 'large', index: number): Promise<void> => {
    const completion = await client.chat.completions.create({
      model,
      messages: benchMessages(scenario, index),
      temperature: 0,
    });
    if (typeof completion.choices[0]?.message.content !== 'string') {
      throw new Error('openai SDK: completion without content');
    }
  };
  return {
    chat: (index) => complete('chat', index),
    large: (index) => complete('large', index),
    async stream(index) {
      const stream = await client.chat.completions.create({
        model,
        messages: benchMessages('stream', index),
        temperature: 0,
        stream: true,
        stream_options: { include_usage: true },
      });
      let chunks = 0;
      for await (const _chunk of stream) chunks++;
      if (chunks === 0) throw new Error('openai SDK: empty stream');
    },
  };
}

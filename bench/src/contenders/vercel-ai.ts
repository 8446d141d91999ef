import { createOpenAI } from '@ai-sdk/openai';
import { generateText, streamText } from 'ai';
import { benchMessages } from '../bench-request.ts';
import type { Contender, ContenderContext } from '../contender.ts';

/** Reference: the Vercel AI SDK (`ai` + `@ai-sdk/openai`) on the Chat Completions API. */
export async function createVercelAiContender(context: ContenderContext): Promise<Contender> {
  const provider = createOpenAI({ apiKey: context.apiKeys[0], baseURL: context.baseURL });
  // `.chat()` selects Chat Completions, the API every other contender calls.
  const model = provider.chat(context.model);
  const complete = async (scenario: 'chat' | 'large', index: number): Promise<void> => {
    const result = await generateText({
      model,
      messages: benchMessages(scenario, index),
      temperature: 0,
      maxRetries: 0,
    });
    if (typeof result.text !== 'string') throw new Error('ai: no text');
  };
  return {
    chat: (index) => complete('chat', index),
    large: (index) => complete('large', index),
    async stream(index) {
      let failure: unknown;
      const result = streamText({
        model,
        messages: benchMessages('stream', index),
        temperature: 0,
        maxRetries: 0,
        onError: ({ error }) => {
          failure = error;
        },
      });
      let parts = 0;
      for await (const _text of result.textStream) parts++;
      if (failure !== undefined) throw failure;
      if (parts === 0) throw new Error('ai: empty stream');
    },
  };
}

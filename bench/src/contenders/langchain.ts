import { ChatOpenAI } from '@langchain/openai';
import { type BenchMessage, benchMessages } from '../bench-request.ts';
import type { Contender, ContenderContext } from '../contender.ts';

/** Reference: LangChain's `ChatOpenAI` (`@langchain/openai`). */
export async function createLangChainContender(context: ContenderContext): Promise<Contender> {
  const model = new ChatOpenAI({
    model: context.model,
    apiKey: context.apiKeys[0],
    configuration: { baseURL: context.baseURL },
    temperature: 0,
    maxRetries: 0,
  });
  const complete = async (scenario: 'chat' | 'large', index: number): Promise<void> => {
    const message = await model.invoke(asTuples(benchMessages(scenario, index)));
    if (message.content === undefined) throw new Error('langchain: no content');
  };
  return {
    chat: (index) => complete('chat', index),
    large: (index) => complete('large', index),
    async stream(index) {
      let chunks = 0;
      for await (const _chunk of await model.stream(asTuples(benchMessages('stream', index))))
        chunks++;
      if (chunks === 0) throw new Error('langchain: empty stream');
    },
  };
}

/** LangChain's own message-like form: `[role, content]`. */
function asTuples(messages: readonly BenchMessage[]): [string, string][] {
  return messages.map((m) => [m.role, m.content]);
}

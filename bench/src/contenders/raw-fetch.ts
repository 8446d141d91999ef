import { benchMessages } from '../bench-request.ts';
import type { Contender, ContenderContext } from '../contender.ts';

interface ChatResponse {
  choices?: { message?: { content?: string | null } }[];
}

/**
 * The floor: Node's own `fetch`, `JSON.stringify` of the body, `JSON.parse` of the answer and of
 * every SSE event. No client library can do less work than this and still read the answer.
 */
export async function createRawFetchContender(context: ContenderContext): Promise<Contender> {
  const url = `${context.baseURL}/chat/completions`;
  const headers = {
    authorization: `Bearer ${context.apiKeys[0]}`,
    'content-type': 'application/json',
  };
  const complete = async (scenario: 'chat' | 'large', index: number): Promise<void> => {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        model: context.model,
        messages: benchMessages(scenario, index),
        temperature: 0,
      }),
    });
    const body = (await response.json()) as ChatResponse;
    if (!response.ok || typeof body.choices?.[0]?.message?.content !== 'string') {
      throw new Error(`raw fetch: unexpected answer (HTTP ${response.status})`);
    }
  };
  return {
    chat: (index) => complete('chat', index),
    large: (index) => complete('large', index),
    async stream(index) {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          model: context.model,
          messages: benchMessages('stream', index),
          temperature: 0,
          stream: true,
          stream_options: { include_usage: true },
        }),
      });
      if (!response.ok || response.body === null) {
        throw new Error(`raw fetch: stream failed (HTTP ${response.status})`);
      }
      const decoder = new TextDecoder();
      let buffer = '';
      let events = 0;
      let done = false;
      for await (const bytes of response.body) {
        buffer += decoder.decode(bytes, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          if (!event.startsWith('data: ')) continue;
          const data = event.slice(6);
          if (data === '[DONE]') {
            done = true;
            continue;
          }
          JSON.parse(data);
          events++;
        }
      }
      if (!done || events === 0) throw new Error('raw fetch: stream ended without [DONE]');
    },
  };
}

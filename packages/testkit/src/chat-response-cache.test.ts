import { describe, expect, it } from 'vitest';
import { ChatResponseCache } from './chat-response-cache';

describe('ChatResponseCache', () => {
  const json = (id: string, created: number) =>
    JSON.stringify({ id, object: 'chat.completion', created, model: 'm', choices: [] });

  it('re-renders a cached answer with a new id and created', () => {
    const cache = new ChatResponseCache();
    cache.set('{"body":1}', 'chatcmpl-a', 100, json('chatcmpl-a', 100), 7);
    const entry = cache.get('{"body":1}');
    expect(entry?.tokens).toBe(7);
    expect(JSON.parse(ChatResponseCache.render(entry!, 'chatcmpl-b', 200))).toEqual(
      JSON.parse(json('chatcmpl-b', 200)),
    );
    expect(cache.get('{"body":2}')).toBeUndefined();
  });

  it('ignores JSON that does not start with the expected prefix and stays bounded', () => {
    const cache = new ChatResponseCache(2);
    cache.set('x', 'chatcmpl-a', 1, '{"other":true}', 1);
    expect(cache.get('x')).toBeUndefined();
    cache.set('a', 'i', 1, json('i', 1), 1);
    cache.set('b', 'i', 1, json('i', 1), 1);
    cache.set('c', 'i', 1, json('i', 1), 1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBeDefined();
  });
});

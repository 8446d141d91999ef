import { describe, expect, it } from 'vitest';
import {
  genAiMetricAttributes,
  genAiProviderName,
  genAiRequestAttributes,
  genAiResponseAttributes,
  genAiSpanName,
  genAiUsageFromOpenAI,
  legacyGenAiSystem,
  serverAttributesFromUrl,
} from './gen-ai-attributes';

describe('genAiSpanName', () => {
  it('is "{operation} {model}"', () => {
    expect(genAiSpanName('chat', 'gpt-4o-mini')).toBe('chat gpt-4o-mini');
    expect(genAiSpanName('embeddings', 'text-embedding-3-small')).toBe(
      'embeddings text-embedding-3-small',
    );
  });

  it('falls back to the operation when the model is unknown', () => {
    expect(genAiSpanName('chat', undefined)).toBe('chat');
    expect(genAiSpanName('chat', '')).toBe('chat');
  });
});

describe('provider names', () => {
  it('maps configured providers to gen_ai.provider.name values', () => {
    expect(genAiProviderName('openai')).toBe('openai');
    expect(genAiProviderName('azure')).toBe('azure.ai.openai');
    expect(genAiProviderName('compatible')).toBe('openai');
    expect(genAiProviderName('groq')).toBe('groq');
  });

  it('maps to the v1.36 gen_ai.system values', () => {
    expect(legacyGenAiSystem('openai')).toBe('openai');
    expect(legacyGenAiSystem('azure')).toBe('az.ai.openai');
    expect(legacyGenAiSystem('azure.ai.openai')).toBe('az.ai.openai');
  });
});

describe('genAiRequestAttributes', () => {
  it('maps a chat request to the exact latest attribute set', () => {
    expect(
      genAiRequestAttributes({
        operation: 'chat',
        provider: 'openai',
        model: 'gpt-4o-mini',
        serverAddress: 'api.openai.com',
        serverPort: 443,
        apiType: 'chat_completions',
        semconv: 'latest',
        params: {
          max_completion_tokens: 100,
          temperature: 0.2,
          top_p: 0.9,
          frequency_penalty: 0.1,
          presence_penalty: 0.3,
          stop: 'END',
          seed: 42,
          n: 2,
          stream: false,
          service_tier: 'default',
          response_format: { type: 'json_schema' },
        },
      }),
    ).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'server.address': 'api.openai.com',
      'server.port': 443,
      'openai.api.type': 'chat_completions',
      'gen_ai.request.max_tokens': 100,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.frequency_penalty': 0.1,
      'gen_ai.request.presence_penalty': 0.3,
      'gen_ai.request.stop_sequences': ['END'],
      'gen_ai.request.seed': 42,
      'gen_ai.request.choice.count': 2,
      'gen_ai.request.stream': false,
      'gen_ai.output.type': 'json',
      'openai.request.service_tier': 'default',
    });
  });

  it('adds the legacy names next to the latest ones in latest_and_legacy mode', () => {
    const attributes = genAiRequestAttributes({
      operation: 'chat',
      provider: 'azure',
      model: 'gpt-4o',
      semconv: 'latest_and_legacy',
      params: { service_tier: 'auto' },
    });
    expect(attributes['gen_ai.provider.name']).toBe('azure.ai.openai');
    expect(attributes['gen_ai.system']).toBe('az.ai.openai');
    expect(attributes['gen_ai.openai.request.service_tier']).toBe('auto');
    expect(attributes['openai.request.service_tier']).toBe('auto');
  });

  it('omits gen_ai.system in latest mode', () => {
    const attributes = genAiRequestAttributes({
      operation: 'chat',
      provider: 'openai',
      semconv: 'latest',
    });
    expect(attributes).not.toHaveProperty('gen_ai.system');
    expect(attributes).not.toHaveProperty('gen_ai.request.model');
  });

  it('leaves out a choice count of 1, null parameters and a port without an address', () => {
    const attributes = genAiRequestAttributes({
      operation: 'chat',
      provider: 'openai',
      model: 'm',
      serverPort: 8080,
      semconv: 'latest',
      params: { n: 1, temperature: null, stop: ['a', 'b'], max_tokens: 0 },
    });
    expect(attributes).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'm',
      'gen_ai.request.stop_sequences': ['a', 'b'],
      'gen_ai.request.max_tokens': 0,
    });
  });

  it('maps embeddings parameters', () => {
    const attributes = genAiRequestAttributes({
      operation: 'embeddings',
      provider: 'openai',
      model: 'text-embedding-3-small',
      semconv: 'latest',
      params: { encoding_format: 'float', dimensions: 256 },
    });
    expect(attributes['gen_ai.request.encoding_formats']).toEqual(['float']);
    expect(attributes['gen_ai.embeddings.dimension.count']).toBe(256);
  });
});

describe('genAiUsageFromOpenAI', () => {
  it('reads Chat Completions usage with cached and reasoning details', () => {
    expect(
      genAiUsageFromOpenAI({
        prompt_tokens: 120,
        completion_tokens: 30,
        total_tokens: 150,
        prompt_tokens_details: { cached_tokens: 100 },
        completion_tokens_details: { reasoning_tokens: 10 },
      }),
    ).toEqual({ inputTokens: 120, outputTokens: 30, cachedInputTokens: 100, reasoningTokens: 10 });
  });

  it('reads Responses API usage', () => {
    expect(
      genAiUsageFromOpenAI({
        input_tokens: 5,
        output_tokens: 7,
        input_tokens_details: { cached_tokens: 0 },
        output_tokens_details: { reasoning_tokens: 3 },
      }),
    ).toEqual({ inputTokens: 5, outputTokens: 7, cachedInputTokens: 0, reasoningTokens: 3 });
  });

  it('reads embeddings usage and rejects shapes without counts', () => {
    expect(genAiUsageFromOpenAI({ prompt_tokens: 8, total_tokens: 8 })).toEqual({ inputTokens: 8 });
    expect(genAiUsageFromOpenAI(undefined)).toBeUndefined();
    expect(genAiUsageFromOpenAI({ total_tokens: 'x' })).toBeUndefined();
  });
});

describe('genAiResponseAttributes', () => {
  it('maps id, model, finish reasons, usage subsets and openai.response.*', () => {
    expect(
      genAiResponseAttributes({
        id: 'chatcmpl-1',
        model: 'gpt-4o-mini-2024-07-18',
        finishReasons: ['stop', 'length'],
        usage: { inputTokens: 12, outputTokens: 3, cachedInputTokens: 4, reasoningTokens: 1 },
        serviceTier: 'default',
        systemFingerprint: 'fp_1',
        timeToFirstChunkSeconds: 0.25,
        semconv: 'latest',
      }),
    ).toEqual({
      'gen_ai.response.id': 'chatcmpl-1',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.response.finish_reasons': ['stop', 'length'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 3,
      'gen_ai.usage.cache_read.input_tokens': 4,
      'gen_ai.usage.reasoning.output_tokens': 1,
      'openai.response.service_tier': 'default',
      'openai.response.system_fingerprint': 'fp_1',
      'gen_ai.response.time_to_first_chunk': 0.25,
    });
  });

  it('adds the legacy openai names in latest_and_legacy mode', () => {
    const attributes = genAiResponseAttributes({
      systemFingerprint: 'fp_2',
      serviceTier: 'scale',
      semconv: 'latest_and_legacy',
    });
    expect(attributes['gen_ai.openai.response.system_fingerprint']).toBe('fp_2');
    expect(attributes['gen_ai.openai.response.service_tier']).toBe('scale');
  });

  it('is empty when nothing is known', () => {
    expect(genAiResponseAttributes({ finishReasons: [], semconv: 'latest' })).toEqual({});
  });
});

describe('genAiMetricAttributes', () => {
  it('keeps only low-cardinality attributes', () => {
    expect(
      genAiMetricAttributes({
        operation: 'chat',
        provider: 'compatible',
        model: 'llama3',
        responseModel: 'llama3:8b',
        serverAddress: '127.0.0.1',
        serverPort: 11434,
        errorType: 'AI-API-005',
      }),
    ).toEqual({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'llama3',
      'gen_ai.response.model': 'llama3:8b',
      'server.address': '127.0.0.1',
      'server.port': 11434,
      'error.type': 'AI-API-005',
    });
  });
});

describe('serverAttributesFromUrl', () => {
  it('derives address and port, defaulting the port from the scheme', () => {
    expect(serverAttributesFromUrl('https://api.openai.com/v1')).toEqual({
      serverAddress: 'api.openai.com',
      serverPort: 443,
    });
    expect(serverAttributesFromUrl('http://localhost/v1')).toEqual({
      serverAddress: 'localhost',
      serverPort: 80,
    });
    expect(serverAttributesFromUrl('http://127.0.0.1:8080/v1')).toEqual({
      serverAddress: '127.0.0.1',
      serverPort: 8080,
    });
    expect(serverAttributesFromUrl('http://[::1]:9000/v1')).toEqual({
      serverAddress: '::1',
      serverPort: 9000,
    });
  });

  it('returns nothing for a URL that does not parse', () => {
    expect(serverAttributesFromUrl('not a url')).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { inferProvider, isLoopbackURL } from './infer-provider';

describe('inferProvider', () => {
  it.each([
    ['https://api.openai.com/v1', 'openai'],
    ['https://API.OPENAI.COM/v1/', 'openai'],
    ['https://my-res.openai.azure.com/openai/v1', 'azure'],
    ['https://my-res.services.ai.azure.com/openai/v1', 'azure'],
    ['http://localhost:11434/v1', 'compatible'],
    ['https://api.together.xyz/v1', 'compatible'],
    ['https://api.openai.com.evil.test/v1', 'compatible'],
    ['not a url', 'compatible'],
  ])('%s -> %s', (url, provider) => {
    expect(inferProvider(url)).toBe(provider);
  });
});

describe('isLoopbackURL', () => {
  it.each([
    ['http://localhost:8000/v1', true],
    ['http://127.0.0.1:1234/v1', true],
    ['http://127.1.2.3/v1', true],
    ['http://[::1]:11434/v1', true],
    ['http://vllm.localhost/v1', true],
    ['http://10.0.0.5:8000/v1', false],
    ['https://api.openai.com/v1', false],
    ['garbage', false],
  ])('%s -> %s', (url, loopback) => {
    expect(isLoopbackURL(url)).toBe(loopback);
  });
});

import { describe, expect, it } from 'vitest';
import { genAiSemconvMode } from './gen-ai-semconv-mode';

describe('genAiSemconvMode', () => {
  it('emits latest and legacy names when nothing is opted in', () => {
    expect(genAiSemconvMode({})).toBe('latest_and_legacy');
    expect(genAiSemconvMode({ OTEL_SEMCONV_STABILITY_OPT_IN: 'http' })).toBe('latest_and_legacy');
  });

  it('emits only the latest names for gen_ai_latest_experimental in the list', () => {
    expect(genAiSemconvMode({ OTEL_SEMCONV_STABILITY_OPT_IN: 'gen_ai_latest_experimental' })).toBe(
      'latest',
    );
    expect(
      genAiSemconvMode({ OTEL_SEMCONV_STABILITY_OPT_IN: 'http, GEN_AI_LATEST_EXPERIMENTAL ' }),
    ).toBe('latest');
  });

  it('treats a missing environment as nothing opted in', () => {
    expect(genAiSemconvMode(undefined)).toBe('latest_and_legacy');
  });
});

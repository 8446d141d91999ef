import { type AIClientSettings, type AIClientSettingsInput, loadConfig } from '@aiclient/config';

/** A valid-looking test key (never a real one). */
export const TEST_KEY = 'test-key-0123456789abcdef';

/** Settings for a client talking to a testkit mock, with short, test-friendly timeouts. */
export function mockSettings(
  url: string,
  overrides: AIClientSettingsInput = {},
): Readonly<AIClientSettings> {
  return loadConfig({
    env: {},
    overrides: {
      baseURL: url,
      provider: 'compatible',
      apiKey: TEST_KEY,
      logLevel: 'off',
      retryBaseDelayMs: 10,
      retryMaxDelayMs: 50,
      ...overrides,
    },
  });
}

/** A logger that keeps every record for assertions. */
export function memoryLogger() {
  const records: Array<{ level: string; message: string; data: unknown }> = [];
  const at =
    (level: string) =>
    (message: string, data?: unknown): void => {
      records.push({ level, message, data });
    };
  return {
    records,
    logger: { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') },
  };
}

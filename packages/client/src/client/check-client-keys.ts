import { type AIClientSettings, explainApiKey } from '@aiclient/config';
import { AIClientError } from '@aiclient/errors';

/**
 * Fails client creation early with an `AIClientError`: `AI-CLIENT-001` when the endpoint needs
 * a key and none is configured, `AI-CLIENT-002` when an OpenAI key has the wrong shape (with the
 * reason and the key's position in the pool, never the key). Compatible servers accept any token.
 */
export function checkClientKeys(settings: Readonly<AIClientSettings>): void {
  if (settings.requireApiKey && settings.apiKeys.length === 0 && settings.apiKey === undefined) {
    throw new AIClientError({
      code: 'AI-CLIENT-001',
      message:
        'OpenAI API key not configured: set OPENAI_API_KEY (or pass apiKey) for this endpoint',
      context: { source: 'client.createOpenAIClient', details: { provider: settings.provider } },
    });
  }
  if (settings.provider !== 'openai') return;
  const keys =
    settings.apiKeys.length > 0
      ? settings.apiKeys
      : settings.apiKey === undefined
        ? []
        : [settings.apiKey];
  keys.forEach((key, index) => {
    const explanation = explainApiKey(key);
    if (!explanation.valid) {
      throw new AIClientError({
        code: 'AI-CLIENT-002',
        message: `${explanation.reason}${keys.length > 1 ? ` (key ${index + 1} of the pool)` : ''}`,
        context: {
          source: 'client.createOpenAIClient',
          details: { reason: explanation.reason, poolIndex: index },
        },
      });
    }
  });
}

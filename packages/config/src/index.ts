export type { ApiKeyExplanation } from './explain-api-key';
export { explainApiKey } from './explain-api-key';
export type { SafeClientConfig } from './get-client-config';
export { getClientConfig } from './get-client-config';
export { inferProvider, isLoopbackURL } from './infer-provider';
export { keyId } from './key-id';
export type { LoadConfigOptions } from './load-config';
export { envVarOf, loadConfig } from './load-config';
export { maskApiKey } from './mask-api-key';
export type { SettingDoc } from './settings-documentation';
export { settingsDocumentation } from './settings-documentation';
export { settingsJsonSchema } from './settings-json-schema';
export type {
  AIClientSettings,
  AIClientSettingsInput,
  LogLevel,
  Provider,
  SettingMeta,
  SettingName,
} from './settings-schema';
export { LOG_LEVELS, PROVIDERS, settingsSchema } from './settings-schema';
export { validateApiKey } from './validate-api-key';
export type { KeyVerification, VerifyApiKeyOptions } from './verify-api-key';
export { verifyApiKey } from './verify-api-key';

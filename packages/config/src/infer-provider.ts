import type { Provider } from './settings-schema';

/** The provider a base URL points to: OpenAI, Azure OpenAI, or any compatible server. */
export function inferProvider(baseURL: string): Provider {
  const host = hostnameOf(baseURL);
  if (host === 'api.openai.com') return 'openai';
  if (host.endsWith('.openai.azure.com') || host.endsWith('.services.ai.azure.com')) return 'azure';
  return 'compatible';
}

/** True when the URL's host is this machine (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackURL(baseURL: string): boolean {
  const host = hostnameOf(baseURL);
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(host) ||
    host === '[::1]' ||
    host === '::1'
  );
}

function hostnameOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

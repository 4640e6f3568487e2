import { MAX_BODY_BYTES } from '@leadboard/contracts';
import { loadAppConfig, requireJwtKeys, type AppConfig } from '@leadboard/server';

export { ConfigError, loadAppConfig, type AppConfig } from '@leadboard/server';
export const MAX_BODY_BYTES_LABEL = `${MAX_BODY_BYTES / (1024 * 1024)}mb`;

/** The API's configuration: the shared one, and a session signing secret (it will not start without one). */
export function loadApiConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const config = loadAppConfig(env);
  requireJwtKeys(config);
  return config;
}

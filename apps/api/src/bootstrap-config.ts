import { MAX_BODY_BYTES } from '@leadboard/contracts';

export { ConfigError, loadAppConfig, type AppConfig } from '@leadboard/server';
export const MAX_BODY_BYTES_LABEL = `${MAX_BODY_BYTES / (1024 * 1024)}mb`;

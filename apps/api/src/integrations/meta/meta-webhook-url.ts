import type { AppConfig } from '@leadboard/server';
import type { Request } from 'express';
import { publicBaseUrl } from '../../common/public-base-url';

/** Where Meta must call a source's webhook (the same public address as every URL an admin pastes). */
export function metaWebhookUrl(config: Pick<AppConfig, 'publicUrl'>, req: Request, sourceId: string): string {
  return `${publicBaseUrl(config, req)}/api/v1/integrations/meta/${sourceId}/webhook`;
}

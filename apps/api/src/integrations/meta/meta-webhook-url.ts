import type { AppConfig } from '@leadboard/server';
import type { Request } from 'express';

/**
 * Where Meta must call a source's webhook: under PUBLIC_URL when set (behind a proxy or a tunnel the
 * API cannot know its outside address), else the address this request came to.
 */
export function metaWebhookUrl(config: Pick<AppConfig, 'publicUrl'>, req: Request, sourceId: string): string {
  const base = config.publicUrl ?? `${req.protocol}://${req.get('host') ?? `${req.hostname}`}`;
  return `${base}/api/v1/integrations/meta/${sourceId}/webhook`;
}

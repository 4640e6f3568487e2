/**
 * Response headers for every HTTP answer (helmet): no sniffing, no framing, no referrer leaks, HSTS
 * where served over HTTPS, and a Content-Security-Policy that the dashboard's build satisfies if the
 * API ever serves it: scripts only from the origin, styles from the origin plus inline style
 * attributes (Vue and ECharts set them), images and fonts from the origin or data: URLs, the API and
 * its live socket on the same host. `upgrade-insecure-requests` is left out: a wall screen on a
 * plain-HTTP LAN address would otherwise ask for HTTPS that is not there.
 * Pages that bring their own inline boot script (the OpenAPI UI, the queue UI) get a policy that
 * allows inline scripts, for those paths only. API answers are marked `Cache-Control: no-store`.
 */
import type { RequestHandler } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

export const INLINE_SCRIPT_PATHS = ['/api/docs', '/admin/queues'];

function helmetOptions(inlineScripts: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        'script-src': inlineScripts ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'font-src': ["'self'", 'data:'],
        'connect-src': ["'self'", 'ws:', 'wss:'],
        'worker-src': ["'self'", 'blob:'],
      },
    },
    // The API's answers are not meant to be embedded or opened by other sites.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
  };
}

export function securityHeaders(): RequestHandler {
  const strict = helmet(helmetOptions(false));
  const relaxed = helmet(helmetOptions(true));
  return (req, res, next) => {
    // API answers carry tenant data: no browser or proxy keeps a copy.
    if (req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
    (INLINE_SCRIPT_PATHS.some((p) => req.path === p || req.path.startsWith(`${p}/`)) ? relaxed : strict)(req, res, next);
  };
}

/**
 * The `route` label of the HTTP metrics: the route pattern that answered (`/api/v1/leads/:id`),
 * never the raw URL (ids would make one series per lead, and URLs carry personal data).
 */

export interface RoutedRequest {
  method: string;
  originalUrl?: string;
  url?: string;
  baseUrl?: string;
  route?: { path?: unknown; methods?: Record<string, boolean> };
}

/** The queue UI is an app of its own, mounted under this path: one label for all of it. */
const QUEUE_BOARD = '/admin/queues';
/** Swagger UI's files, mounted beside the two documented routes. */
const DOCS_ASSETS = '/api/docs/';

/**
 * Nest registers module middleware with Express's `all()`, which makes a route answering every
 * method; a handler's route answers one. A request that only went through the former matched nothing.
 */
export function isMiddlewareRoute(route: { methods?: Record<string, boolean> }): boolean {
  return Object.keys(route.methods ?? {}).length > 1;
}

export function routeLabel(req: RoutedRequest, status: number): string {
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  if (path === QUEUE_BOARD || path.startsWith(`${QUEUE_BOARD}/`)) return `${QUEUE_BOARD}/*`;
  const route = req.route;
  if (route && typeof route.path === 'string' && !isMiddlewareRoute(route)) {
    // serve-static's SPA fallback: every client-side route of the dashboard.
    if (route.path.endsWith('{*any}')) return 'dashboard';
    return `${req.baseUrl ?? ''}${route.path}`;
  }
  if (path.startsWith(DOCS_ASSETS)) return `${DOCS_ASSETS}*`;
  // The built dashboard's files are served before any route is matched.
  if ((req.method === 'GET' || req.method === 'HEAD') && status < 400) return 'static';
  return 'unmatched';
}

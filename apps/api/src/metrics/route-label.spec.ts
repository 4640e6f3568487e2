import { routeLabel } from './route-label';

describe('routeLabel', () => {
  it('is the route pattern, never the URL with its ids and query string', () => {
    const req = { method: 'GET', originalUrl: '/api/v1/leads/L-1042?x=Mario', route: { path: '/api/v1/leads/:id', methods: { get: true } } };
    expect(routeLabel(req, 200)).toBe('/api/v1/leads/:id');
  });

  it('does not take the middleware Nest registers as `all` routes for a match', () => {
    const req = { method: 'POST', originalUrl: '/nowhere/Mario', route: { path: '{/*splat}', methods: { get: true, post: true, put: true } } };
    expect(routeLabel(req, 404)).toBe('unmatched');
  });

  it('gives the queue UI, the docs assets, the dashboard fallback and static files one label each', () => {
    expect(routeLabel({ method: 'GET', originalUrl: '/admin/queues/api/queues?page=1', route: { path: '/api/queues', methods: { get: true } } }, 200)).toBe('/admin/queues/*');
    expect(routeLabel({ method: 'GET', originalUrl: '/api/docs/swagger-ui.css' }, 200)).toBe('/api/docs/*');
    expect(routeLabel({ method: 'GET', originalUrl: '/manager', route: { path: '{*any}', methods: { get: true } } }, 200)).toBe('dashboard');
    expect(routeLabel({ method: 'GET', originalUrl: '/assets/index-abc.js' }, 200)).toBe('static');
    expect(routeLabel({ method: 'GET', originalUrl: '/assets/missing.js' }, 404)).toBe('unmatched');
  });
});

/**
 * The compose file as `docker compose up --scale api=2 --scale worker=3` reads it (no Docker engine
 * here: the YAML is parsed and checked): replicas have no fixed name or host port, a balancer with
 * deploy/nginx.conf publishes the one port, proxies websockets and needs no stickiness, and every
 * process reaches PostgreSQL and Redis (Redis with AOF everysec, the fault suite's setting).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/test-env';

interface Service {
  image?: string;
  command?: string[];
  container_name?: string;
  ports?: string[];
  expose?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const nginx = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8');
const { services } = compose;

it.each(['api', 'worker'])('%s can be scaled: no container_name, no host port', (name) => {
  const s = services[name];
  expect(s).toBeDefined();
  expect(s.container_name).toBeUndefined();
  expect(s.ports ?? []).toEqual([]);
});

it('a balancer publishes the one port, with deploy/nginx.conf, once an API node is healthy', () => {
  const b = services.balancer;
  expect(b.image).toMatch(/^nginx:1\.(2[89]|[3-9]\d)/); // `server … resolve` needs nginx ≥ 1.27.3
  expect(b.ports).toEqual(['${API_PORT:-3000}:80']);
  expect(b.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
  expect(b.depends_on?.api).toEqual({ condition: 'service_healthy' });
  expect(services.api.expose).toEqual(['3000']);
  // Only the balancer's hop is trusted for X-Forwarded-For.
  expect(services.api.environment?.TRUST_PROXY).toBe('${TRUST_PROXY:-1}');
});

it('nginx follows the api replicas, upgrades websockets, and passes a refused request to the next node', () => {
  expect(nginx).toMatch(/resolver 127\.0\.0\.11/);
  expect(nginx).toMatch(/server api:3000 resolve/);
  expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
  expect(nginx).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
  expect(nginx).toMatch(/proxy_next_upstream error timeout non_idempotent;/);
  // websocket-only clients: no stickiness (ip_hash, hash, sticky) to keep
  expect(nginx).not.toMatch(/^\s*(ip_hash|hash|sticky)\b/m);
  expect(nginx).toMatch(/client_max_body_size 6m;/);
});

it('the dashboard’s live client is websocket-only, which is why the balancer needs no sticky sessions', () => {
  const useLive = readFileSync(join(ROOT, 'apps/dashboard/src/live/use-live.ts'), 'utf8');
  expect(useLive).toMatch(/transports: \['websocket'\]/);
});

it('every app process gets the same database, Redis and signing secret; Redis keeps an AOF fsynced every second', () => {
  for (const name of ['api', 'worker', 'migrate']) {
    const env = services[name].environment ?? {};
    expect(env.DATABASE_URL).toMatch(/@postgres:5432\//);
    // The compose service by default; `.env` may name a Sentinel or a Cluster instead (docs/REDIS.md).
    expect(env.REDIS_URL).toBe('${REDIS_URL:-redis://redis:6379}');
  }
  expect(services.api.environment?.JWT_SECRET).toBe(services.worker.environment?.JWT_SECRET);
  expect(services.redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction']));
});

it('the simulator sends through the balancer', () => {
  expect(services.simulator.environment?.LEADBOARD_URL).toBe('http://balancer');
  expect(services.simulator.depends_on?.balancer).toEqual({ condition: 'service_healthy' });
});

import { Cluster } from 'ioredis';
import { ConfigError, loadAppConfig } from '../config/app-config';
import { createRedis, hashTaggedPrefix, parseRedisUrl, queueConnection, redisOptions } from './redis-connection';

describe('REDIS_URL forms', () => {
  it('reads one node, with credentials, database and TLS', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379/0')).toEqual({
      kind: 'standalone',
      node: { host: '127.0.0.1', port: 6379 },
      db: 0,
      auth: { username: undefined, password: undefined, tls: false },
    });
    expect(parseRedisUrl('rediss://app:p%40ss@redis.example.com/3')).toEqual({
      kind: 'standalone',
      node: { host: 'redis.example.com', port: 6379 },
      db: 3,
      auth: { username: 'app', password: 'p@ss', tls: true },
    });
    expect(parseRedisUrl('redis://:secret@[::1]:6380')).toMatchObject({ node: { host: '::1', port: 6380 }, auth: { username: undefined, password: 'secret' } });
  });

  it('reads the sentinels, the master’s name, the database and the sentinels’ own password', () => {
    expect(parseRedisUrl('redis+sentinel://s1:26379,s2:26380/mymaster/2?sentinelPassword=x')).toEqual({
      kind: 'sentinel',
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26380 },
      ],
      masterName: 'mymaster',
      db: 2,
      auth: { username: undefined, password: undefined, tls: false },
      sentinelPassword: 'x',
    });
    expect(redisOptions('redis+sentinel://:pw@s1:26379/mymaster', 'worker')).toMatchObject({
      sentinels: [{ host: 's1', port: 26379 }],
      name: 'mymaster',
      password: 'pw',
      db: 0,
      maxRetriesPerRequest: null,
    });
  });

  it('reads a cluster’s seed nodes', () => {
    expect(parseRedisUrl('redis+cluster://10.0.0.1:7000,10.0.0.2:7001')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
      ],
      auth: { username: undefined, password: undefined, tls: false },
    });
  });

  it.each([
    ['an http URL', 'http://127.0.0.1:6379', /expected redis:\/\//],
    ['several hosts without a topology', 'redis://a:1,b:2', /redis\+cluster/],
    ['a cluster with a database', 'redis+cluster://a:7000/1', /no database/],
    ['a sentinel URL without the master’s name', 'redis+sentinel://a:26379', /master-name/],
    ['a bad port', 'redis://a:99999', /port/],
    ['a database that is no number', 'redis://a:6379/x', /database/],
  ])('refuses %s', (_what, url, reason) => {
    expect(() => parseRedisUrl(url)).toThrow(reason);
  });

  it('gives each role its retry policy', () => {
    expect(redisOptions('redis://h:1', 'producer')).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    expect(redisOptions('redis://h:1', 'worker')).toMatchObject({ maxRetriesPerRequest: null });
    expect(redisOptions('redis://h:1', 'client')).toMatchObject({ maxRetriesPerRequest: 1 });
  });

  it('builds a Cluster client for a cluster, with the role’s options on every node', () => {
    const c = createRedis('redis+cluster://127.0.0.1:1', 'worker', { lazyConnect: true, keyPrefix: '{p}:rate:' });
    try {
      expect(c).toBeInstanceOf(Cluster);
      expect((c as Cluster).options).toMatchObject({ keyPrefix: '{p}:rate:', lazyConnect: true, redisOptions: { maxRetriesPerRequest: null } });
    } finally {
      c.disconnect();
    }
    const q = queueConnection('redis+cluster://127.0.0.1:1', 'producer');
    expect(q).toBeInstanceOf(Cluster);
    (q as Cluster).disconnect();
    expect(queueConnection('redis://127.0.0.1:1/0', 'producer')).toMatchObject({ host: '127.0.0.1', port: 1, enableOfflineQueue: false });
  });
});

describe('key prefixes on a cluster', () => {
  it('turns the prefix into a hash tag on a cluster only, once', () => {
    expect(hashTaggedPrefix('leadboard', true)).toBe('{leadboard}');
    expect(hashTaggedPrefix('{leadboard}', true)).toBe('{leadboard}');
    expect(hashTaggedPrefix('leadboard', false)).toBe('leadboard');
  });

  it('configures every key of a cluster deployment in one hash slot, and names REDIS_URL when it is wrong', () => {
    expect(loadAppConfig({ REDIS_URL: 'redis+cluster://127.0.0.1:7000', QUEUE_PREFIX: 'lb' }).queuePrefix).toBe('{lb}');
    expect(loadAppConfig({ REDIS_URL: 'redis://127.0.0.1:6379/0', QUEUE_PREFIX: 'lb' }).queuePrefix).toBe('lb');
    expect(() => loadAppConfig({ REDIS_URL: 'redis://a:1,b:2' })).toThrow(ConfigError);
    expect(() => loadAppConfig({ REDIS_URL: 'redis://a:1,b:2' })).toThrow(/REDIS_URL: several hosts need redis\+cluster/);
  });
});

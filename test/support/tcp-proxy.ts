/**
 * A TCP proxy the fault tests put between a process and what it talks to (PostgreSQL, or API nodes
 * as a balancer would), to break the link at will:
 * - `pass`: bytes flow unchanged;
 * - `refuse`: every open connection is cut and the port stops listening (new connections: ECONNREFUSED);
 * - `delay`: each chunk is held `delayMs` in each direction (order kept: equal delays fire in order);
 * - `cut()`: every open connection is destroyed now, new ones are still accepted.
 * With several upstreams it round-robins new connections and skips an upstream that refuses, like a
 * balancer in front of API nodes.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export type ProxyMode = { kind: 'pass' } | { kind: 'refuse' } | { kind: 'delay'; delayMs: number };

export interface Upstream {
  host: string;
  port: number;
}

export class TcpProxy {
  private server: Server | null = null;
  private mode: ProxyMode = { kind: 'pass' };
  private readonly pairs = new Set<{ client: Socket; upstream: Socket }>();
  private next = 0;
  /** Connections accepted since the start (for the report). */
  accepted = 0;

  private constructor(
    readonly port: number,
    private readonly upstreams: Upstream[],
  ) {}

  /** Listens on `port` (0: a free one) and forwards to the upstreams. */
  static async start(upstreams: Upstream[], port = 0): Promise<TcpProxy> {
    if (!upstreams.length) throw new Error('a proxy needs at least one upstream');
    const proxy = new TcpProxy(port, upstreams);
    await proxy.listen();
    return proxy;
  }

  /** `postgres://…@host:port/db` rewritten to go through this proxy. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  /** Local ports of the proxy's upstream sockets: what PostgreSQL sees as `client_port`. */
  upstreamLocalPorts(): number[] {
    return [...this.pairs].map((p) => p.upstream.localPort).filter((p): p is number => typeof p === 'number');
  }

  get openConnections(): number {
    return this.pairs.size;
  }

  async setMode(mode: ProxyMode): Promise<void> {
    const was = this.mode.kind;
    this.mode = mode;
    if (mode.kind === 'refuse') {
      this.cut();
      await this.close();
    } else if (was === 'refuse') {
      await this.listen();
    }
  }

  cut(): void {
    for (const p of this.pairs) {
      p.client.destroy();
      p.upstream.destroy();
    }
    this.pairs.clear();
  }

  async stop(): Promise<void> {
    this.cut();
    await this.close();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        const address = server.address();
        if (typeof address === 'object' && address) (this as { port: number }).port = address.port;
        resolve();
      });
    });
  }

  private close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.mode.kind === 'refuse') {
      client.destroy();
      return;
    }
    this.accepted += 1;
    // What the client sends before an upstream answered is kept, so a refused upstream can be replaced.
    const early: Buffer[] = [];
    let pair: { client: Socket; upstream: Socket } | null = null;
    client.on('data', (chunk: Buffer) => (pair ? this.relay(chunk, pair.upstream) : early.push(chunk)));
    client.on('error', () => pair?.upstream.destroy());
    client.on('close', () => {
      if (!pair) return;
      this.pairs.delete(pair);
      pair.upstream.destroy();
    });
    const tryUpstream = (tried: number) => {
      const target = this.upstreams[this.next++ % this.upstreams.length];
      const upstream = connect(target.port, target.host);
      upstream.once('connect', () => {
        if (client.destroyed) return upstream.destroy();
        pair = { client, upstream };
        this.pairs.add(pair);
        for (const chunk of early.splice(0)) this.relay(chunk, upstream);
        upstream.on('data', (chunk: Buffer) => this.relay(chunk, client));
        upstream.on('close', () => {
          if (pair) this.pairs.delete(pair);
          client.destroy();
        });
      });
      upstream.on('error', () => {
        upstream.destroy();
        // A dead upstream (an API node killed): the next one gets the connection, as a balancer does.
        if (!pair && tried + 1 < this.upstreams.length && !client.destroyed) tryUpstream(tried + 1);
        else client.destroy();
      });
    };
    tryUpstream(0);
  }

  private relay(chunk: Buffer, to: Socket): void {
    const mode = this.mode;
    if (mode.kind === 'delay') setTimeout(() => !to.destroyed && to.write(chunk), mode.delayMs);
    else if (!to.destroyed) to.write(chunk);
  }
}

/**
 * @module A TCP proxy a test controls, to partition a client from its server without either
 * end seeing a reset: `blackhole()` drops every byte in both directions and passes no close on,
 * as a network that silently loses packets does; connections opened meanwhile are accepted and
 * never answered. `heal()` forwards again; connections that lived through the partition lost
 * bytes, so they are closed on both sides (as their peers' TCP stacks would reset them).
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

interface Pair {
  client: Socket;
  upstream: Socket | undefined;
  cut: boolean;
}

export class BlackholeProxy {
  readonly #server: Server;
  readonly #pairs = new Set<Pair>();
  #partitioned = false;

  private constructor(targetPort: number) {
    this.#server = createServer((client) => this.#accept(client, targetPort));
  }

  /** Listens on 127.0.0.1 (a free port) and forwards to 127.0.0.1:`targetPort`. */
  static async start(targetPort: number): Promise<BlackholeProxy> {
    const proxy = new BlackholeProxy(targetPort);
    await new Promise<void>((resolve, reject) => {
      proxy.#server.once('error', reject);
      proxy.#server.listen(0, '127.0.0.1', resolve);
    });
    return proxy;
  }

  get port(): number {
    const address = this.#server.address();
    if (!address || typeof address === 'string') throw new Error('the proxy is not listening');
    return address.port;
  }

  get partitioned(): boolean {
    return this.#partitioned;
  }

  /** Connections from clients that are open right now (forwarded or cut). */
  get connections(): number {
    return this.#pairs.size;
  }

  #accept(client: Socket, targetPort: number): void {
    const pair: Pair = { client, upstream: undefined, cut: this.#partitioned };
    this.#pairs.add(pair);
    client.on('error', () => undefined);
    client.on('close', () => {
      this.#pairs.delete(pair);
      if (!pair.cut) pair.upstream?.destroy();
    });
    client.on('data', (chunk) => {
      if (!pair.cut) pair.upstream?.write(chunk);
    });
    if (pair.cut) return;
    // Paused until the upstream connection is open, so no early bytes are lost.
    client.pause();
    const upstream = connect(targetPort, '127.0.0.1', () => client.resume());
    pair.upstream = upstream;
    upstream.on('error', () => undefined);
    upstream.on('data', (chunk) => {
      if (!pair.cut) client.write(chunk);
    });
    upstream.on('close', () => {
      if (!pair.cut) client.destroy();
    });
  }

  blackhole(): void {
    this.#partitioned = true;
    for (const pair of this.#pairs) pair.cut = true;
  }

  heal(): void {
    this.#partitioned = false;
    for (const pair of this.#pairs) {
      if (!pair.cut) continue;
      pair.client.destroy();
      pair.upstream?.destroy();
      this.#pairs.delete(pair);
    }
  }

  async close(): Promise<void> {
    for (const pair of this.#pairs) {
      pair.client.destroy();
      pair.upstream?.destroy();
    }
    this.#pairs.clear();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

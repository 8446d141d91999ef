import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  /**
   * Port to listen on; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Interface to bind. Loopback by default: the sample is not meant to face a network.
   * @default '127.0.0.1'
   */
  hostname?: string;
}

/** A listening server. */
export interface HttpServer {
  /** Base URL, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  readonly port: number;
  /** Requests whose response has not finished yet (streams included). */
  inFlight(): number;
  /**
   * Stops accepting connections, waits for in-flight requests (streams included) to finish,
   * then closes. After `graceMs` the remaining connections are cut so shutdown always ends.
   * Resolves with the number of requests that had to be cut.
   */
  close(graceMs?: number): Promise<number>;
}

/** Listens with `@hono/node-server` and tracks in-flight requests for a graceful drain. */
export async function startHttpServer(
  app: Hono,
  { port = 0, hostname = '127.0.0.1' }: HttpServerOptions = {},
): Promise<HttpServer> {
  let active = 0;
  let onIdle: (() => void) | undefined;
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  // Counted on the Node request, not in Hono middleware: a streamed response outlives its handler.
  server.on('request', (_req, res) => {
    active += 1;
    res.once('close', () => {
      active -= 1;
      if (active === 0) onIdle?.();
    });
  });
  const address = server.address() as AddressInfo;
  let closing: Promise<number> | undefined;
  return {
    url: `http://${hostname}:${address.port}`,
    port: address.port,
    inFlight: () => active,
    close(graceMs = 10_000) {
      closing ??= new Promise<number>((resolve) => {
        const closed = new Promise<void>((done) => server.close(() => done()));
        // Idle keep-alive sockets would hold close() open; in-flight ones finish first.
        server.closeIdleConnections();
        const drained = new Promise<void>((done) => {
          if (active === 0) done();
          else onIdle = done;
        });
        let cut = 0;
        const timer = setTimeout(() => {
          cut = active;
          server.closeAllConnections();
        }, graceMs);
        void drained
          .then(() => {
            server.closeIdleConnections();
            return closed;
          })
          .then(() => {
            clearTimeout(timer);
            resolve(cut);
          });
      });
      return closing;
    },
  };
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  /** e.g. 5123 */
  port: number;
  /** `http://localhost:PORT` (a secure context in both browsers, matched by `http://localhost/*`). */
  origin: string;
  /** `http://NAME.localhost:PORT`: another origin on the same server, for cross-origin frame tests. */
  originFor(subdomain: string): string;
  close(): Promise<void>;
}

export type Routes = Record<
  string,
  string | ((req: http.IncomingMessage) => { status?: number; type?: string; headers?: Record<string, string>; body: string })
>;

/**
 * A plain HTTP server on loopback for test pages: `routes` maps a path (without query) to an HTML
 * string or a handler (which may add response headers). Unknown paths answer 404.
 */
export async function startServer(routes: Routes): Promise<TestServer> {
  const server = http.createServer(serveRoutes(routes));
  // Both loopback families: "localhost" may resolve to ::1 or 127.0.0.1 in the browser.
  await new Promise<void>((ok, fail) => server.once('error', fail).listen(0, 'localhost', ok));
  const { port } = server.address() as AddressInfo;
  const extra = await listenAlso(server, port);
  return {
    port,
    origin: `http://localhost:${port}`,
    originFor: (sub) => `http://${sub}.localhost:${port}`,
    close: async () => {
      server.closeAllConnections();
      extra?.closeAllConnections();
      await Promise.all([
        new Promise<void>((r) => server.close(() => r())),
        extra ? new Promise<void>((r) => extra.close(() => r())) : undefined,
      ]);
    },
  };
}

/** The request handler behind startServer (also used by ./tls-sites.ts). */
export function serveRoutes(routes: Routes): http.RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes[path];
    if (route === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const r = typeof route === 'string' ? { body: route } : route(req);
    res
      .writeHead(r.status ?? 200, { 'content-type': r.type ?? 'text/html; charset=utf-8', 'cache-control': 'no-store', ...r.headers })
      .end(r.body);
  };
}

/** Listens on the other loopback family at the same port too, when the first one left it free. */
async function listenAlso(first: http.Server, port: number): Promise<http.Server | null> {
  const bound = (first.address() as AddressInfo).address;
  const other = bound.includes(':') ? '127.0.0.1' : '::1';
  const handler = first.listeners('request')[0] as http.RequestListener;
  const second = http.createServer(handler);
  return new Promise((ok) => {
    second.once('error', () => ok(null));
    second.listen(port, other, () => ok(second));
  });
}

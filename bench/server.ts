/**
 * The pages the benchmark loads, served on loopback: `http://localhost:PORT` and every
 * `http://NAME.localhost:PORT` (secure contexts, matched by the extension's host permissions).
 * Pages are sent cross-origin isolated (COOP + COEP), which gives `performance.now()` its finest
 * resolution (5 µs in Chromium instead of 100 µs).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BenchServer {
  port: number;
  originFor(sub: string | null): string;
  close(): Promise<void>;
}

/** A plain static article, about 6 KB, no subresources: what page_load_ratio loads. */
export const STATIC_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>static</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:2em auto;color:#222}h1{font-size:1.6em}</style>
</head><body><h1>A static page</h1>
${Array.from({ length: 12 }, (_, i) => `<p>Paragraph ${i + 1}. Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse.</p>`).join('\n')}
</body></html>`;

const RP_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench rp</title></head><body><h1>bench relying party</h1></body></html>';

export async function startBenchServer(): Promise<BenchServer> {
  const handler: http.RequestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const body = path === '/static' ? STATIC_PAGE : path === '/rp' ? RP_PAGE : null;
    if (body === null) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res
      .writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      })
      .end(body);
  };
  const first = http.createServer(handler);
  await new Promise<void>((ok, fail) => first.once('error', fail).listen(0, '127.0.0.1', ok));
  const { port } = first.address() as AddressInfo;
  // ::1 too, at the same port, when free: "localhost" may resolve to either family.
  const second = http.createServer(handler);
  const bothFamilies = await new Promise<boolean>((ok) => {
    second.once('error', () => ok(false));
    second.listen(port, '::1', () => ok(true));
  });
  const servers = bothFamilies ? [first, second] : [first];
  return {
    port,
    originFor: (sub) => `http://${sub ? `${sub}.` : ''}localhost:${port}`,
    close: async () => {
      for (const s of servers) s.closeAllConnections();
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}

/**
 * https sites on made-up host names (e.g. `https://rp.test`, port 443) for tests that need a
 * real `https://HOST/` URL, such as a relying party's `/.well-known/webauthn`, without root,
 * without port 443 and without touching the machine's DNS or trust store.
 *
 * How: one local TLS server holds a throwaway self-signed certificate (made with `openssl` for
 * this run) for all the names, and one local HTTP proxy answers `CONNECT NAME:443` for those
 * names only by tunnelling to it. The browser is launched with the proxy and trusts that one
 * certificate (`launch(..., { httpsSites })`: Chromium's `--proxy-server` and
 * `--ignore-certificate-errors-spki-list`, Firefox's proxy prefs and `acceptInsecureCerts`).
 * Loopback names (`localhost`, `*.localhost`) never go through a proxy in either browser, so
 * the other test servers are reached as before. Nothing here is part of the extension.
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveRoutes, type Routes } from './server';

export interface SiteRequest {
  host: string;
  path: string;
  headers: http.IncomingHttpHeaders;
}

export interface TlsSites {
  /** What `launch(..., { httpsSites })` needs: the proxy's port and the certificate's SPKI hash. */
  readonly launch: HttpsSitesLaunch;
  /** Every request the sites answered, in order. */
  readonly requests: SiteRequest[];
  close(): Promise<void>;
}

export interface HttpsSitesLaunch {
  /** `127.0.0.1:PORT` of the CONNECT proxy. */
  proxy: string;
  /** base64 SHA-256 of the certificate's SubjectPublicKeyInfo. */
  spki: string;
}

/** A self-signed P-256 certificate for `hosts`, made by openssl in a temporary directory. */
function makeCertificate(hosts: string[]): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'passkeep-tls-'));
  try {
    const san = hosts.map((h) => `DNS:${h}`).join(',');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
      '-subj', '/CN=passkeep e2e', '-addext', `subjectAltName=${san}`,
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'pipe' });
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `sites` maps a host name (served as `https://HOST`, port 443) to its routes. */
export async function startTlsSites(sites: Record<string, Routes>): Promise<TlsSites> {
  const hosts = Object.keys(sites);
  const { key, cert } = makeCertificate(hosts);
  const spki = createHash('sha256')
    .update(new X509Certificate(cert).publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64');
  const requests: SiteRequest[] = [];
  const handlers = new Map(hosts.map((h) => [h, serveRoutes(sites[h]!)]));
  const tls = https.createServer({ key, cert }, (req, res) => {
    const host = (req.headers.host ?? '').replace(/:443$/, '');
    requests.push({ host, path: req.url ?? '', headers: req.headers });
    const handler = handlers.get(host);
    if (!handler) return void res.writeHead(421).end();
    handler(req, res);
  });
  await new Promise<void>((ok) => tls.listen(0, '127.0.0.1', ok));
  const tlsPort = (tls.address() as AddressInfo).port;

  const sockets = new Set<net.Socket>();
  const proxy = http.createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    const [host, port] = (req.url ?? '').split(':');
    // Only the sites' names, on 443: anything else the browser tries stays unreachable.
    if (port !== '443' || !handlers.has(host ?? '')) return void client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    const upstream = net.connect(tlsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
  const proxyPort = (proxy.address() as AddressInfo).port;

  return {
    launch: { proxy: `127.0.0.1:${proxyPort}`, spki },
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      tls.closeAllConnections();
      await Promise.all([new Promise<void>((r) => tls.close(() => r())), new Promise<void>((r) => proxy.close(() => r()))]);
    },
  };
}

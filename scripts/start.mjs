#!/usr/bin/env node
// `npm start`: build the extension, start the demo relying party, and open a browser with the
// extension loaded on the demo page (web-ext run).
//
//   npm start                          Chromium if /usr/bin/chromium (or $CHROMIUM) exists, else Firefox
//   npm start -- --target firefox      or --target chromium
//   npm start -- --no-browser          only build and serve; print how to load the extension by hand
//   npm start -- --no-build            reuse dist/ as it is
//   npm start -- --port 9000           demo RP port (default $PORT, else 8787)
//
// Without a display ($DISPLAY and $WAYLAND_DISPLAY unset on Linux) no browser is opened: the demo
// RP keeps serving and the instructions for loading the extension elsewhere are printed instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (p) => path.relative(process.cwd(), p) || '.';

function usage() {
  return `usage: npm start -- [--target chromium|firefox] [--no-browser] [--no-build] [--port N]`;
}

function parseArgs(argv) {
  const opts = { target: undefined, browser: true, build: true, port: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${name} needs a value`);
      return v;
    };
    switch (name) {
      case '--target':
      case '-t':
        opts.target = value();
        break;
      case '--no-browser':
        opts.browser = false;
        break;
      case '--no-build':
        opts.build = false;
        break;
      case '--port':
        opts.port = value();
        break;
      case '--help':
      case '-h':
        console.log(usage());
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument: ${arg}`);
    }
  }
  if (opts.target !== undefined) {
    const t = opts.target.toLowerCase();
    if (['chromium', 'chrome'].includes(t)) opts.target = 'chromium';
    else if (['firefox', 'firefox-desktop'].includes(t)) opts.target = 'firefox';
    else throw new Error(`--target must be chromium or firefox, not ${opts.target}`);
  }
  const port = Number(opts.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${opts.port ?? process.env.PORT}`);
  opts.port = port;
  return opts;
}

function runBuild() {
  const script = path.join(root, 'scripts', 'build.mjs');
  if (!existsSync(script)) {
    console.error(`start: ${rel(script)} is missing, cannot build the extension.`);
    process.exit(1);
  }
  console.log(`start: node ${rel(script)}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd: root, stdio: 'inherit' });
    child.on('error', (err) => {
      console.error(`start: could not run the build: ${err.message}`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => {
      if (code === 0) return resolve();
      console.error(`start: the build failed (${signal ? `signal ${signal}` : `exit code ${code}`}).`);
      process.exit(code || 1);
    });
  });
}

function hasDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function chromiumBinary() {
  if (process.env.CHROMIUM) return process.env.CHROMIUM;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

function firefoxBinary() {
  if (process.env.FIREFOX) return process.env.FIREFOX;
  return existsSync('/usr/bin/firefox-esr') ? '/usr/bin/firefox-esr' : undefined;
}

function manualInstructions(url, reason) {
  const chromeDir = path.join(root, 'dist', 'chrome');
  const firefoxManifest = path.join(root, 'dist', 'firefox', 'manifest.json');
  const port = new URL(url).port;
  return [
    '',
    reason,
    '',
    `The Passkeep demo relying party is running at ${url}`,
    '',
    'To try the extension, in a browser on a machine with a display:',
    '  Chromium / Chrome: open chrome://extensions, turn on "Developer mode",',
    `    click "Load unpacked" and choose ${chromeDir}`,
    '  Firefox: open about:debugging#/runtime/this-firefox, click "Load Temporary Add-on…"',
    `    and choose ${firefoxManifest}`,
    `  then open ${url}`,
    '',
    `If that browser runs on another machine, forward the port so the page is still http://localhost`,
    `(WebAuthn needs a secure context and RP ID "localhost"):  ssh -L ${port}:localhost:${port} <this machine>`,
    '',
    'Serving until Ctrl-C.',
  ].join('\n');
}

/**
 * Chromium: the demo page is opened only once Passkeep runs. web-ext loads the extension over
 * CDP (Extensions.loadUnpacked) after the browser has started, and Chromium runs manifest
 * content scripts only in documents that start loading after that: a start page given on the
 * command line would be answered by the browser's own dialog. So wait until the extension's
 * service worker runs (its content scripts are registered by then), then open the page in a
 * new tab and close the empty one the browser started with. web-ext's own CDP connection
 * (its pipe) is the only one there is.
 */
async function openWhenReady(runner, url, timeoutMs = 30_000) {
  const chromium = runner.extensionRunners?.find((r) => r.getName() === 'Chromium');
  const cdp = chromium?.cdp;
  if (!cdp) throw new Error('no CDP connection to Chromium');
  const deadline = Date.now() + timeoutMs;
  let targets;
  for (;;) {
    ({ targetInfos: targets } = await cdp.sendCommand('Target.getTargets'));
    if (targets.some((t) => t.type === 'service_worker' && t.url.startsWith('chrome-extension://') && t.url.endsWith('/background.js'))) break;
    if (Date.now() > deadline) throw new Error('the extension did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const blank = targets.filter((t) => t.type === 'page' && /^(about:blank|chrome:\/\/newtab\/?|chrome:\/\/new-tab-page\/?)$/.test(t.url));
  await cdp.sendCommand('Target.createTarget', { url });
  for (const t of blank) await cdp.sendCommand('Target.closeTarget', { targetId: t.targetId }).catch(() => undefined);
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`start: ${err.message}\n${usage()}`);
    process.exit(2);
  }

  if (opts.build) await runBuild();

  const { startDemoServer } = await import(pathToFileURL(path.join(root, 'test', 'demo-rp', 'server.mjs')).href);
  let rp;
  try {
    rp = await startDemoServer({ port: opts.port });
  } catch (err) {
    const hint = err.code === 'EADDRINUSE' ? ` (port ${opts.port} is in use; try --port 0 or PORT=…)` : '';
    console.error(`start: could not start the demo relying party: ${err.message}${hint}`);
    process.exit(1);
  }
  console.log(`start: Passkeep demo relying party at ${rp.url}`);

  let runner = null;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    try {
      await runner?.exit();
    } catch {
      /* the browser may already be gone */
    }
    await rp.close();
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  const serveOnly = (reason) => {
    console.log(manualInstructions(rp.url, reason));
    // The HTTP server keeps the process alive until a signal arrives.
  };

  if (!opts.browser) return serveOnly('--no-browser: not opening a browser.');
  if (!hasDisplay()) {
    return serveOnly('No display ($DISPLAY and $WAYLAND_DISPLAY are not set), so no browser was opened.');
  }

  const target = opts.target ?? (chromiumBinary() ? 'chromium' : 'firefox');
  const sourceDir = path.join(root, 'dist', target === 'chromium' ? 'chrome' : 'firefox');
  if (!existsSync(path.join(sourceDir, 'manifest.json'))) {
    return serveOnly(`${rel(sourceDir)}/manifest.json does not exist (did the build run?), so no browser was opened.`);
  }

  const { default: webExt } = await import('web-ext');
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  /** @type {Record<string, unknown>} */
  const params = {
    sourceDir,
    target: [target === 'chromium' ? 'chromium' : 'firefox-desktop'],
    // Chromium: no start page yet; it is opened below once Passkeep runs (openWhenReady).
    // Firefox runs an add-on's content scripts in the pages already open when it is installed.
    ...(target === 'chromium' ? {} : { startUrl: [rp.url] }),
    noReload: false, // reload the extension when dist/ changes (rerun `npm run build`)
    noInput: !process.stdin.isTTY,
    artifactsDir: path.join(root, '.tmp', 'web-ext-artifacts'),
  };
  if (target === 'chromium') {
    const binary = chromiumBinary();
    if (binary) params.chromiumBinary = binary;
    // Chromium refuses to start as root with its sandbox on.
    if (isRoot) params.args = ['--no-sandbox'];
  } else {
    const binary = firefoxBinary();
    if (binary) params.firefox = binary;
  }

  console.log(`start: opening ${target} with ${rel(sourceDir)} on ${rp.url}`);
  try {
    runner = await webExt.cmd.run(params, { shouldExitProgram: false });
  } catch (err) {
    return serveOnly(`Could not open ${target} with web-ext: ${err?.message ?? err}`);
  }
  if (target === 'chromium') {
    try {
      await openWhenReady(runner, rp.url);
    } catch (err) {
      console.log(`start: could not open ${rp.url} by itself (${err?.message ?? err}); open it in the browser.`);
    }
  }
  // When the browser is closed, stop serving too.
  runner.registerCleanup(() => {
    console.log('start: the browser closed; stopping the demo relying party.');
    stop(0);
  });
}

await main();

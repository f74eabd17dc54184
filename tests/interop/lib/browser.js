// Headless Debian Chromium (never a downloaded browser) with a page that has nats.ws loaded
// from node_modules, served by a loopback http server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { HOST } from './server.js';

export const CHROMIUM = process.env.NATSWS_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// The ESM build, the one a browser app bundles (the package's "import" export).
const natsWsBundle = fileURLToPath(import.meta.resolve('nats.ws'));
const PAGE = `<!doctype html><meta charset="utf-8"><title>natsws interop</title>
<script type="module">
  import * as nats from '/nats.js';
  window.nats = nats;
  document.title = 'ready';
</script>`;

function servePage() {
  const routes = {
    '/': { type: 'text/html; charset=utf-8', body: PAGE },
    '/nats.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(natsWsBundle) },
  };
  const server = http.createServer((req, res) => {
    const route = routes[new URL(req.url, 'http://x').pathname];
    res.writeHead(route ? 200 : 404, { 'content-type': route?.type ?? 'text/plain' });
    res.end(route?.body ?? 'not found');
  });
  return new Promise((resolve) => server.listen(0, HOST, () => resolve(server)));
}

// Opens the page with `nats` (the nats.ws module) on `window`. Returns { page, close, errors,
// handshakes }: `handshakes` collects the WebSocket handshake responses Chromium saw (CDP),
// so a test can check what was negotiated.
// `extraArgs` are added to Chromium's command line (e.g. --ignore-certificate-errors).
export async function openNatsPage({ extraArgs = [] } = {}) {
  const httpServer = await servePage();
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'natsws-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs], timeout: 60000,
    });
    const page = context.pages()[0] ?? await context.newPage();
    const errors = [];
    page.on('pageerror', (err) => errors.push(err));
    const handshakes = [];
    const cdp = await context.newCDPSession(page);
    cdp.on('Network.webSocketHandshakeResponseReceived', (event) => handshakes.push(event.response));
    await cdp.send('Network.enable');
    await page.goto(`http://${HOST}:${httpServer.address().port}/`);
    await page.waitForFunction(() => document.title === 'ready' && window.nats, null, { timeout: 20000 });
    const close = async () => {
      await context.close().catch(() => {});
      await new Promise((resolve) => httpServer.close(resolve));
      rmSync(userDataDir, { recursive: true, force: true });
    };
    return { page, close, errors, handshakes };
  } catch (err) {
    await context?.close().catch(() => {});
    httpServer.close();
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
}

// Starts the server under test on free loopback ports and stops it again.
//
// Which server runs is chosen by the environment, so every test file proves the same
// assertions against either implementation:
//   NATSWS_SERVER=/path/to/natsws-server   natsws (what ctest passes)
//   NATS_SERVER_BIN=/path/to/nats-server   the reference, used when NATSWS_SERVER is unset;
//                                          default: Debian's /usr/sbin/nats-server, else PATH
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const HOST = '127.0.0.1';
const START_TIMEOUT_MS = 15000;
const STOP_TIMEOUT_MS = 5000;

// Every server still running when node exits (a crashed test, an unhandled rejection)
// is killed here, so a failing test never leaves a process behind.
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function referenceServer() {
  const debian = '/usr/sbin/nats-server';
  const bin = process.env.NATS_SERVER_BIN || (existsSync(debian) ? debian : 'nats-server');
  return { kind: 'nats-server', bin };
}

// natsws-server when NATSWS_SERVER names it, else null.
export function natswsServer() {
  return process.env.NATSWS_SERVER ? { kind: 'natsws', bin: process.env.NATSWS_SERVER } : null;
}

export function serverUnderTest() {
  return natswsServer() ?? referenceServer();
}

// A free loopback port: bind port 0, read what the kernel picked, release it.
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: HOST, port });
    sock.once('connect', () => { sock.destroy(); resolve(true); });
    sock.once('error', () => resolve(false));
  });
}

// Renders a value in nats-server config syntax (maps, strings, numbers, booleans).
function renderValue(value, indent) {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const pad = '  '.repeat(indent + 1);
    const body = Object.entries(value)
      .map(([k, v]) => `${pad}${k}: ${renderValue(v, indent + 1)}`).join('\n');
    return `{\n${body}\n${'  '.repeat(indent)}}`;
  }
  if (Array.isArray(value)) return `[${value.map((v) => renderValue(v, indent)).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export function renderConfig(config) {
  return `${Object.entries(config).map(([k, v]) => `${k}: ${renderValue(v, 0)}`).join('\n')}\n`;
}

// Starts the server and resolves once both the NATS and the WebSocket port accept.
//   options.config     extra top-level config keys (e.g. { max_payload: 4096 })
//   options.websocket  extra keys for the websocket {} block (e.g. { same_origin: true });
//                      with a tls {} block here, wsUrl is wss://
//   options.server     { kind, bin } to start instead of serverUnderTest()
//   options.args       extra command-line arguments (e.g. ['-D'])
export async function startServer(options = {}) {
  const { kind, bin } = options.server ?? serverUnderTest();
  const [port, wsPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(path.join(tmpdir(), 'natsws-interop-'));
  const configFile = path.join(dir, 'server.conf');
  writeFileSync(configFile, renderConfig({
    ...options.config,
    websocket: { host: HOST, port: wsPort, no_tls: true, compression: true, ...options.websocket },
  }));

  const args = ['-c', configFile, '-a', HOST, '-p', String(port)];
  if (kind === 'natsws') args.push('--ws-port', String(wsPort));
  args.push(...(options.args ?? []));
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const collect = (chunk) => { output = (output + chunk).slice(-64 * 1024); };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exited = null;
  child.once('exit', (code, signal) => { exited = { code, signal }; running.delete(child); });
  child.once('error', (err) => { exited = { code: -1, signal: String(err) }; });

  const server = {
    kind, bin, port, wsPort, configFile, pid: child.pid,
    natsUrl: `nats://${HOST}:${port}`,
    wsUrl: `${options.websocket?.tls ? 'wss' : 'ws'}://${HOST}:${wsPort}`,
    log: () => output,
    async stop() {
      if (exited === null) {
        const done = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const stopped = await Promise.race([done.then(() => true), sleep(STOP_TIMEOUT_MS, false, { ref: false })]);
        if (!stopped) {
          child.kill('SIGKILL');
          await done;
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited !== null) break;
    if (await canConnect(port) && await canConnect(wsPort)) return server;
    await sleep(50);
  }
  await server.stop();
  throw new Error(`${kind} (${bin} ${args.join(' ')}) did not start listening on ` +
    `${port}/${wsPort}: ${exited ? `exited ${JSON.stringify(exited)}` : 'timeout'}\n${output}`);
}

#!/usr/bin/env node
// Resident memory per WebSocket connection, natsws vs nats-server, with and without
// permessage-deflate. A benchmark that prints figures, not a test: run it with
//   ulimit -n 65536; node bench/ws_memory.mjs [connections=5000]
// (needs `npm ci --prefix tests/interop` and a build of natsws-server in build/bin).
//
// Each connection upgrades, sends CONNECT + SUB, and then receives one ~2 KiB compressible
// message, so a server that builds compression state lazily has built it by the time the
// resident set is read from /proc/<pid>/status.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, referenceServer } from '../tests/interop/lib/server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../tests/interop/package.json'));
const WebSocket = require('ws');

const connections = Number(process.argv[2] ?? 5000);
const natsws = { kind: 'natsws', bin: path.join(here, '../build/bin/natsws-server') };

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

function serverPid(server) {
  // The harness spawns the binary directly, so the child is the server.
  return server.pid;
}

async function openClients(server, count, deflate) {
  const sockets = [];
  const batch = 200;
  for (let i = 0; i < count; i += batch) {
    const opened = [];
    for (let j = i; j < Math.min(count, i + batch); j++) {
      const ws = new WebSocket(server.wsUrl, { perMessageDeflate: deflate });
      sockets.push(ws);
      opened.push(new Promise((resolve, reject) => {
        let seen = '';
        ws.on('message', (data) => {
          seen += data.toString();
          if (seen.includes('INFO ') && !ws.sentConnect) {
            ws.sentConnect = true;
            ws.send('CONNECT {"verbose":false}\r\nSUB bench.fill 1\r\nPING\r\n');
          }
          if (seen.includes('PONG')) { ws.removeAllListeners('message'); resolve(); }
        });
        ws.on('error', reject);
      }));
    }
    await Promise.all(opened);
  }
  return sockets;
}

async function fill(server, sockets) {
  // One compressible message to every subscriber: compressors get built now.
  let received = 0;
  const done = new Promise((resolve) => {
    for (const ws of sockets) {
      ws.on('message', () => { if (++received === sockets.length) resolve(); });
    }
  });
  const payload = JSON.stringify({ text: 'natsws '.repeat(300) });
  const tcp = net.connect({ host: '127.0.0.1', port: server.port });
  await new Promise((r) => tcp.once('connect', r));
  tcp.write(`CONNECT {"verbose":false}\r\nPUB bench.fill ${Buffer.byteLength(payload)}\r\n${payload}\r\n`);
  await Promise.race([done, sleep(30000)]);
  tcp.destroy();
  return received;
}

async function measure(serverSpec, deflate) {
  const server = await startServer({ server: serverSpec, websocket: { compression: deflate } });
  try {
    const pid = serverPid(server);
    await sleep(300);
    const before = rssKiB(pid);
    const sockets = await openClients(server, connections, deflate);
    const received = await fill(server, sockets);
    await sleep(500);
    const after = rssKiB(pid);
    for (const ws of sockets) ws.terminate();
    return { before, after, received, perConnKiB: (after - before) / connections };
  } finally {
    await server.stop();
  }
}

const rows = [];
for (const [name, spec] of [['natsws', natsws], ['nats-server', referenceServer()]]) {
  for (const deflate of [false, true]) {
    const r = await measure(spec, deflate);
    rows.push({ server: name, compression: deflate, ...r });
    console.log(`${name.padEnd(12)} compression=${String(deflate).padEnd(5)} ` +
      `rss before ${r.before} KiB, after ${r.after} KiB, ` +
      `${r.perConnKiB.toFixed(1)} KiB/connection (${r.received}/${connections} got the message)`);
  }
}
const per = (s, c) => rows.find((r) => r.server === s && r.compression === c).perConnKiB;
console.log(`compressed connection: natsws ${per('natsws', true).toFixed(1)} KiB vs nats-server ` +
  `${per('nats-server', true).toFixed(1)} KiB = ${(100 * per('natsws', true) / per('nats-server', true)).toFixed(0)}%`);

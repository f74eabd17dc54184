#!/usr/bin/env node
// Messages per second through the WebSocket layer, natsws vs nats-server, side by side:
// a TCP publisher to a WebSocket subscriber (outbound framing, + deflate) and a WebSocket
// publisher to a TCP subscriber (deframing, unmasking, + inflate). Prints figures; not a test.
//   node bench/ws_throughput.mjs [messages=200000] [payload=128]
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, referenceServer } from '../tests/interop/lib/server.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../tests/interop/package.json'));
const WebSocket = require('ws');

const total = Number(process.argv[2] ?? 200000);
const size = Number(process.argv[3] ?? 128);
const natsws = { kind: 'natsws', bin: path.join(here, '../build/bin/natsws-server') };
const payload = 'x'.repeat(size);

// Counts "MSG " operations in a byte stream that may split them anywhere.
function msgCounter(onCount) {
  let tail = '';
  return (chunk) => {
    const text = tail + chunk.toString('latin1');
    let n = 0;
    for (let i = text.indexOf('MSG '); i !== -1; i = text.indexOf('MSG ', i + 4)) n++;
    tail = text.slice(-3);
    onCount(n);
  };
}

function wsClient(url, deflate) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { perMessageDeflate: deflate });
    ws.once('message', () => resolve(ws));   // INFO
    ws.once('error', reject);
  });
}

function tcpClient(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
  });
}

function batches(subject) {
  const one = `PUB ${subject} ${size}\r\n${payload}\r\n`;
  const perBatch = Math.max(1, Math.floor(32768 / one.length));
  return { batch: one.repeat(perBatch), perBatch };
}

async function pingPong(write, waitFor) {
  write('PING\r\n');
  await waitFor('PONG');
}

async function tcpToWs(server, deflate) {
  const ws = await wsClient(server.wsUrl, deflate);
  let got = 0;
  let done;
  const finished = new Promise((r) => { done = r; });
  const count = msgCounter((n) => { got += n; if (got >= total) done(); });
  let sawPong;
  const pong = new Promise((r) => { sawPong = r; });
  ws.on('message', (data) => { if (data.toString().includes('PONG')) sawPong(); count(data); });
  ws.send('CONNECT {"verbose":false}\r\nSUB bench 1\r\nPING\r\n');
  await pong;
  const pub = await tcpClient(server.port);
  pub.write('CONNECT {"verbose":false}\r\n');
  const { batch, perBatch } = batches('bench');
  const start = process.hrtime.bigint();
  for (let sent = 0; sent < total; sent += perBatch) {
    if (!pub.write(batch)) await new Promise((r) => pub.once('drain', r));
  }
  await finished;
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  pub.destroy();
  ws.terminate();
  return total / secs;
}

async function wsToTcp(server, deflate) {
  const sub = await tcpClient(server.port);
  let got = 0;
  let done;
  const finished = new Promise((r) => { done = r; });
  let buffered = '';
  let ready;
  const isReady = new Promise((r) => { ready = r; });
  const count = msgCounter((n) => { got += n; if (got >= total) done(); });
  sub.on('data', (d) => {
    if (buffered !== null) {
      buffered += d.toString();
      if (buffered.includes('PONG')) { buffered = null; ready(); }
    }
    count(d);
  });
  sub.write('CONNECT {"verbose":false}\r\nSUB bench 1\r\nPING\r\n');
  await isReady;
  const ws = await wsClient(server.wsUrl, deflate);
  ws.send('CONNECT {"verbose":false}\r\n');
  const { batch, perBatch } = batches('bench');
  const start = process.hrtime.bigint();
  for (let sent = 0; sent < total; sent += perBatch) {
    ws.send(batch);
    if (ws.bufferedAmount > 4 * 1024 * 1024) {
      while (ws.bufferedAmount > 1024 * 1024) await new Promise((r) => setTimeout(r, 1));
    }
  }
  await finished;
  const secs = Number(process.hrtime.bigint() - start) / 1e9;
  sub.destroy();
  ws.terminate();
  return total / secs;
}

console.log(`${total} messages of ${size} bytes`);
for (const [name, spec] of [['natsws', natsws], ['nats-server', referenceServer()]]) {
  for (const deflate of [false, true]) {
    const server = await startServer({ server: spec, websocket: { compression: deflate } });
    try {
      const out = await tcpToWs(server, deflate);
      const inb = await wsToTcp(server, deflate);
      console.log(`${name.padEnd(12)} compression=${String(deflate).padEnd(5)} ` +
        `TCP->WS ${Math.round(out).toLocaleString('en')} msg/s   WS->TCP ${Math.round(inb).toLocaleString('en')} msg/s`);
    } finally {
      await server.stop();
    }
  }
}

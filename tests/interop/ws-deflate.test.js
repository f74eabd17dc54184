// Raw NATS protocol over WebSocket with permessage-deflate:
// - npm `ws` clients (perMessageDeflate on) publish 1,000 messages of random size, half random
//   bytes and half compressible JSON; each is checked by SHA-256 after it went through the
//   server to a second `ws` client and to an npm `nats` TCP client.
// - raw socket clients with browser user agents show how the server frames compressed
//   messages: Safari gets them unfragmented, Chrome gets fragments of at most 4096 bytes.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { connect as connectTcp } from 'nats';
import WebSocket from 'ws';
import { CONNECT_LINE, NatsReader, pubCommand } from './lib/natsproto.js';
import { OPCODE, RawWsConnection, upgradeRequest } from './lib/rawws.js';
import { startServer } from './lib/server.js';
import { compressibleJson, KiB, randomPayload, sha256, waitFor } from './lib/util.js';

const MESSAGES = 1000;
const MAX_SIZE = 256 * KiB;
const IN_FLIGHT = 16;             // publisher waits when this many are not yet received
const BROWSER_FRAME = 4096;
const UA = {
  safari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
  chrome: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
};

// Deterministic sizes for a given seed, so a failing run can be repeated (NATSWS_SEED).
function sizeGenerator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % (MAX_SIZE + 1);
  };
}

// An npm `ws` client that speaks the NATS protocol itself.
class NatsWsClient {
  ops = [];
  #reader = new NatsReader();

  static async open(url) {
    const ws = new WebSocket(url, { perMessageDeflate: { threshold: 0 } });
    const client = new NatsWsClient(ws);
    await once(ws, 'open');
    await waitFor(() => client.ops.some((op) => op.op === 'INFO'), 'INFO');
    await client.roundTrip(CONNECT_LINE);
    return client;
  }

  constructor(ws) {
    this.ws = ws;
    ws.on('message', (data) => {
      for (const op of this.#reader.push(data)) {
        if (op.op === 'PING') ws.send('PONG\r\n');
        else this.ops.push(op);
        this.onOp?.(op);
      }
    });
  }

  // Sends `text` followed by PING and waits for the PONG, so the server processed it all.
  async roundTrip(text) {
    const pongs = this.ops.filter((op) => op.op === 'PONG').length;
    this.ws.send(Buffer.from(`${text}PING\r\n`));
    await waitFor(() => this.ops.filter((op) => op.op === 'PONG').length > pongs, 'PONG');
    const errors = this.ops.filter((op) => op.op === '-ERR');
    assert.deepEqual(errors, [], 'server sent -ERR');
  }

  close() { this.ws.terminate(); }
}

function firstMismatch(got, expected) {
  const at = expected.findIndex((e, i) => got[i]?.size !== e.size || got[i]?.sha !== e.sha);
  return at < 0 ? '' : `message ${at}: got ${JSON.stringify(got[at])}, expected ${JSON.stringify(expected[at])}`;
}

describe(`raw NATS over ws with permessage-deflate (${process.env.NATSWS_SERVER ? 'natsws' : 'nats-server'})`, () => {
  let server;
  let tcp;
  const cleanup = [];

  before(async () => {
    server = await startServer();
    tcp = await connectTcp({ servers: server.natsUrl, reconnect: false });
  });
  after(async () => {
    for (const close of cleanup) close();
    await tcp?.close();
    await server?.stop();
  });

  test(`${MESSAGES} messages of 0 B-256 KiB reach a ws and a TCP subscriber intact`, async (t) => {
    const seed = Number(process.env.NATSWS_SEED || Date.now() % 1e9);
    t.diagnostic(`size seed ${seed} (NATSWS_SEED=${seed} repeats it)`);
    const nextSize = sizeGenerator(seed);

    const [pub, sub] = [await NatsWsClient.open(server.wsUrl), await NatsWsClient.open(server.wsUrl)];
    cleanup.push(() => pub.close(), () => sub.close());
    assert.match(pub.ws.extensions, /^permessage-deflate\b/, 'publisher negotiated compression');
    assert.match(sub.ws.extensions, /^permessage-deflate\b/, 'subscriber negotiated compression');

    const wsGot = [];
    const tcpGot = [];
    sub.onOp = (op) => { if (op.op === 'MSG') wsGot.push({ size: op.payload.length, sha: sha256(op.payload) }); };
    await sub.roundTrip('SUB bulk.data 1\r\n');
    tcp.subscribe('bulk.data', { callback: (_e, m) => tcpGot.push({ size: m.data.length, sha: sha256(m.data) }) });
    await tcp.flush();

    const expected = [];
    for (let i = 0; i < MESSAGES; i++) {
      // The edges first, then random sizes; odd messages random bytes, even ones JSON.
      const size = i === 0 ? 0 : i === 1 ? MAX_SIZE : i === 2 ? 1 : nextSize();
      const payload = i % 2 ? randomPayload(size) : compressibleJson(size, i);
      expected.push({ size, sha: sha256(payload) });
      pub.ws.send(pubCommand('bulk.data', payload));
      await waitFor(() => expected.length - Math.min(wsGot.length, tcpGot.length) <= IN_FLIGHT,
        `deliveries to catch up with message ${i} (ws ${wsGot.length}, tcp ${tcpGot.length})`, 30000);
    }
    await waitFor(() => wsGot.length >= MESSAGES && tcpGot.length >= MESSAGES,
      `all deliveries (ws ${wsGot.length}, tcp ${tcpGot.length})`, 60000);
    await pub.roundTrip('');
    await sub.roundTrip('');

    assert.equal(wsGot.length, MESSAGES, 'ws subscriber count');
    assert.equal(tcpGot.length, MESSAGES, 'TCP subscriber count');
    assert.equal(firstMismatch(wsGot, expected), '', 'ws subscriber');
    assert.equal(firstMismatch(tcpGot, expected), '', 'TCP subscriber');
  });

  // Subscribes a raw client with `userAgent`, publishes a 200 KiB random payload over TCP and
  // returns the WebSocket messages that carried the MSG (frames and all) plus the payload.
  async function receiveBigMessage(userAgent, subject) {
    const headers = { 'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits' };
    if (userAgent) headers['User-Agent'] = userAgent;
    const conn = await RawWsConnection.open(server.wsPort, upgradeRequest({ port: server.wsPort, headers }));
    cleanup.push(() => conn.destroy());
    assert.equal(conn.response.status, 101, conn.response.statusLine);
    assert.match(conn.response.headers['sec-websocket-extensions'] ?? '', /^permessage-deflate\b/);

    const reader = new NatsReader();
    const messages = [];
    const readUntil = async (wanted) => {
      for (let i = 0; i < 500; i++) {
        const message = await conn.nextMessage(10000);
        messages.push(message);
        const op = reader.push(message.data).find((o) => o.op === wanted);
        if (op) return op;
      }
      throw new Error(`no ${wanted} in 500 messages`);
    };
    await readUntil('INFO');
    conn.send({ payload: `${CONNECT_LINE}SUB ${subject} 1\r\nPING\r\n` });
    await readUntil('PONG');

    const payload = randomPayload(200 * KiB);
    messages.length = 0;
    tcp.publish(subject, payload);
    await tcp.flush();
    const msg = await readUntil('MSG');
    assert.equal(msg.subject, subject);
    assert.ok(msg.payload.equals(Buffer.from(payload)), 'MSG payload differs after inflate');
    return messages;
  }

  const compressedOnly = (messages) => {
    const compressed = messages.filter((m) => m.compressed);
    assert.ok(compressed.length > 0, 'no compressed message carried the 200 KiB MSG');
    return compressed;
  };

  test('Safari user agent: compressed messages come unfragmented', async () => {
    const compressed = compressedOnly(await receiveBigMessage(UA.safari, 'ua.safari'));
    for (const m of compressed) assert.equal(m.frames.length, 1, 'a compressed message was fragmented');
    const largest = Math.max(...compressed.map((m) => m.frames[0].payload.length));
    assert.ok(largest > BROWSER_FRAME, `largest compressed frame only ${largest} bytes`);
  });

  test('Chrome user agent: compressed messages come in fragments of at most 4096 bytes', async () => {
    const messages = await receiveBigMessage(UA.chrome, 'ua.chrome');
    for (const m of messages) {
      for (const f of m.frames) assert.ok(f.payload.length <= BROWSER_FRAME, `a ${f.payload.length}-byte frame`);
    }
    const fragmented = compressedOnly(messages).filter((m) => m.frames.length > 1);
    assert.ok(fragmented.length > 0, 'no compressed message was fragmented');
    for (const { frames } of fragmented) {
      const [first, ...more] = frames;
      assert.deepEqual({ opcode: first.opcode, rsv1: first.rsv1, fin: first.fin },
        { opcode: OPCODE.binary, rsv1: true, fin: false }, 'first fragment');
      more.forEach((f, i) => assert.deepEqual({ opcode: f.opcode, rsv1: f.rsv1, fin: f.fin },
        { opcode: OPCODE.continuation, rsv1: false, fin: i === more.length - 1 }, `fragment ${i + 2}`));
    }
  });

  test('no user agent (not a browser): compressed messages come in one frame of any size', async () => {
    const compressed = compressedOnly(await receiveBigMessage(null, 'ua.none'));
    for (const m of compressed) assert.equal(m.frames.length, 1, 'a compressed message was fragmented');
    const largest = Math.max(...compressed.map((m) => m.frames[0].payload.length));
    assert.ok(largest > BROWSER_FRAME, `largest compressed frame only ${largest} bytes`);
  });
});

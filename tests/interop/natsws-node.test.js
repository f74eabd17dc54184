// npm `nats.ws` in Node (WebSocket from npm `ws`) bridged to an npm `nats` TCP client.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect as connectTcp, StringCodec } from 'nats';
import { connect as connectWs } from 'nats.ws';
import WebSocket from 'ws';
import { startServer } from './lib/server.js';
import { collect, flushed, PAYLOAD_SIZES, randomPayload } from './lib/util.js';

// nats.ws opens its socket with `new WebSocket(url)`; this subclass keeps a handle on it so
// the test can see what the handshake negotiated.
const sockets = [];
globalThis.WebSocket = class RecordedWebSocket extends WebSocket {
  constructor(...args) { super(...args); sockets.push(this); }
};
const sc = StringCodec();

describe(`nats.ws in Node <-> nats over TCP (${process.env.NATSWS_SERVER ? 'natsws' : 'nats-server'})`, () => {
  let server;
  let ws;
  let tcp;

  before(async () => {
    server = await startServer();
    ws = await connectWs({ servers: server.wsUrl, reconnect: false });
    tcp = await connectTcp({ servers: server.natsUrl, reconnect: false });
  });
  after(async () => {
    await Promise.allSettled([ws?.close(), tcp?.close()]);
    await server?.stop();
  });

  // Publishes on `from`, receives on `to` and returns the received message.
  async function relay(from, to, subject, payload) {
    const sub = to.subscribe(subject, { max: 1 });
    await flushed(to);
    from.publish(subject, payload);
    await flushed(from);
    const [m] = await collect(sub, 1, 20000);
    return m;
  }

  test('the WebSocket connection negotiated permessage-deflate', () => {
    assert.equal(sockets.length, 1);
    assert.match(sockets[0].extensions, /^permessage-deflate\b/);
  });

  test('pub/sub from WebSocket to TCP', async () => {
    const m = await relay(ws, tcp, 'bridge.ws2tcp', sc.encode('from the browser side'));
    assert.equal(sc.decode(m.data), 'from the browser side');
  });

  test('pub/sub from TCP to WebSocket', async () => {
    const m = await relay(tcp, ws, 'bridge.tcp2ws', sc.encode('from a service'));
    assert.equal(sc.decode(m.data), 'from a service');
  });

  test('request from WebSocket, reply from TCP', async () => {
    tcp.subscribe('svc.tcp', { callback: (_e, m) => m.respond(sc.encode(`tcp got ${sc.decode(m.data)}`)) });
    await tcp.flush();
    const reply = await ws.request('svc.tcp', sc.encode('ping'), { timeout: 5000 });
    assert.equal(sc.decode(reply.data), 'tcp got ping');
  });

  test('request from TCP, reply from WebSocket', async () => {
    ws.subscribe('svc.ws', { callback: (_e, m) => m.respond(sc.encode(`ws got ${sc.decode(m.data)}`)) });
    await ws.flush();
    const reply = await tcp.request('svc.ws', sc.encode('ping'), { timeout: 5000 });
    assert.equal(sc.decode(reply.data), 'ws got ping');
  });

  for (const [name, size] of PAYLOAD_SIZES) {
    test(`${name} payload WebSocket -> TCP intact`, async () => {
      const payload = randomPayload(size);
      const m = await relay(ws, tcp, `size.ws2tcp.${size}`, payload);
      assert.equal(m.data.length, size);
      assert.ok(Buffer.from(m.data).equals(Buffer.from(payload)), `${name} payload differs`);
    });

    test(`${name} payload TCP -> WebSocket intact`, async () => {
      const payload = randomPayload(size);
      const m = await relay(tcp, ws, `size.tcp2ws.${size}`, payload);
      assert.equal(m.data.length, size);
      assert.ok(Buffer.from(m.data).equals(Buffer.from(payload)), `${name} payload differs`);
    });
  }
});

// npm `nats` over plain TCP: the core NATS behaviour every backend service relies on.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { connect, ErrorCode, headers, StringCodec } from 'nats';
import { HOST, startServer } from './lib/server.js';
import { collect, MiB, randomPayload, waitFor } from './lib/util.js';

const sc = StringCodec();

describe(`nats over TCP (${process.env.NATSWS_SERVER ? 'natsws' : 'nats-server'})`, () => {
  let server;
  const connections = [];
  const open = async (opts = {}) => {
    const nc = await connect({ servers: server.natsUrl, reconnect: false, ...opts });
    connections.push(nc);
    return nc;
  };

  before(async () => { server = await startServer(); });
  after(async () => {
    await Promise.allSettled(connections.map((nc) => nc.close()));
    await server?.stop();
  });

  test('pub/sub delivers the payload to a subscriber on another connection', async () => {
    const [pub, sub] = [await open(), await open()];
    const s = sub.subscribe('greet.plain');
    await sub.flush();
    pub.publish('greet.plain', sc.encode('hello'));
    const [m] = await collect(s, 1);
    assert.equal(m.subject, 'greet.plain');
    assert.equal(sc.decode(m.data), 'hello');
  });

  test('* matches one token, > matches one or more', async () => {
    const nc = await open();
    const got = { star: [], tail: [] };
    nc.subscribe('wild.*', { callback: (_e, m) => got.star.push(m.subject) });
    nc.subscribe('wild.>', { callback: (_e, m) => got.tail.push(m.subject) });
    await nc.flush();
    for (const subject of ['wild', 'wild.a', 'wild.a.b', 'wild.b', 'other.a']) {
      nc.publish(subject, sc.encode(subject));
    }
    await nc.flush();
    await waitFor(() => got.star.length + got.tail.length >= 5, 'wildcard deliveries');
    await nc.flush();
    assert.deepEqual(got.star, ['wild.a', 'wild.b']);
    assert.deepEqual(got.tail, ['wild.a', 'wild.a.b', 'wild.b']);
  });

  test('a queue group of 3 gets each of 300 messages exactly once, spread over all members', async () => {
    const members = [await open(), await open(), await open()];
    const received = members.map(() => []);
    members.forEach((nc, i) => nc.subscribe('jobs', {
      queue: 'workers', callback: (_e, m) => received[i].push(Number(sc.decode(m.data))),
    }));
    await Promise.all(members.map((nc) => nc.flush()));
    const pub = await open();
    for (let i = 0; i < 300; i++) pub.publish('jobs', sc.encode(String(i)));
    await pub.flush();
    await waitFor(() => received.flat().length >= 300, '300 queue deliveries');
    // The publisher's flush returned, so routing is done; a round trip on each member
    // brings in anything still queued for it, so a duplicate would show up now.
    await Promise.all(members.map((nc) => nc.flush()));
    const all = received.flat().sort((a, b) => a - b);
    assert.deepEqual(all, Array.from({ length: 300 }, (_, i) => i));
    for (const [i, got] of received.entries()) {
      assert.ok(got.length > 0, `member ${i} got no message (counts ${received.map((r) => r.length)})`);
    }
  });

  test('request/reply returns the responder answer', async () => {
    const [responder, requester] = [await open(), await open()];
    responder.subscribe('svc.upper', {
      callback: (_e, m) => m.respond(sc.encode(sc.decode(m.data).toUpperCase())),
    });
    await responder.flush();
    const reply = await requester.request('svc.upper', sc.encode('shout'), { timeout: 5000 });
    assert.equal(sc.decode(reply.data), 'SHOUT');
  });

  test('headers round-trip, including a header with several values', async () => {
    const [pub, sub] = [await open(), await open()];
    const s = sub.subscribe('hdr.test');
    await sub.flush();
    const h = headers();
    h.append('X-Multi', 'first');
    h.append('X-Multi', 'second');
    h.set('X-Single', 'only');
    pub.publish('hdr.test', sc.encode('with headers'), { headers: h });
    const [m] = await collect(s, 1);
    assert.ok(m.headers, 'message arrived without headers');
    assert.deepEqual(m.headers.values('X-Multi'), ['first', 'second']);
    assert.equal(m.headers.get('X-Single'), 'only');
    assert.equal(sc.decode(m.data), 'with headers');
  });

  test('a request with no subscriber fails with no_responders (503)', async () => {
    const nc = await open();
    await assert.rejects(nc.request('nobody.home', sc.encode('?'), { timeout: 5000 }),
      (err) => err.code === ErrorCode.NoResponders);
  });

  test('a 1 MiB payload arrives intact byte for byte', async () => {
    const [pub, sub] = [await open(), await open()];
    const s = sub.subscribe('big.one');
    await sub.flush();
    const payload = randomPayload(MiB);
    pub.publish('big.one', payload);
    const [m] = await collect(s, 1, 20000);
    assert.equal(m.data.length, MiB);
    assert.ok(Buffer.from(m.data).equals(Buffer.from(payload)), '1 MiB payload differs');
  });

  test('10,000 messages arrive in order, none lost', async () => {
    const [pub, sub] = [await open(), await open()];
    const seen = [];
    sub.subscribe('seq.stream', { callback: (_e, m) => seen.push(Number(sc.decode(m.data))) });
    await sub.flush();
    for (let i = 0; i < 10000; i++) pub.publish('seq.stream', sc.encode(String(i)));
    await pub.flush();
    await waitFor(() => seen.length >= 10000, '10,000 messages', 30000);
    await sub.flush();
    assert.equal(seen.length, 10000);
    seen.forEach((n, i) => { if (n !== i) assert.fail(`message ${i} was ${n}`); });
  });

  test('a publish over max_payload is refused by the client, and by the server', async () => {
    const nc = await open();
    assert.equal(nc.info.max_payload, MiB, 'INFO max_payload');
    assert.throws(() => nc.publish('too.big', new Uint8Array(MiB + 1)),
      (err) => err.code === ErrorCode.MaxPayloadExceeded);
    // The client did not close its connection for that.
    await nc.flush();
    assert.equal(nc.isClosed(), false);

    // A raw client that skips the check gets the server's own answer.
    const { data, closed } = await rawExchange(server.port,
      `CONNECT {"verbose":false}\r\nPUB too.big ${MiB + 1}\r\n`);
    assert.match(data, /-ERR 'Maximum Payload Violation'\r\n/);
    assert.ok(closed, 'the server kept the connection open after the violation');
  });

  test('echo=false keeps a connection from receiving its own messages', async () => {
    const [quiet, other] = [await open({ noEcho: true }), await open()];
    const quietGot = [];
    const otherGot = [];
    quiet.subscribe('echo.test', { callback: (_e, m) => quietGot.push(sc.decode(m.data)) });
    other.subscribe('echo.test', { callback: (_e, m) => otherGot.push(sc.decode(m.data)) });
    await Promise.all([quiet.flush(), other.flush()]);
    quiet.publish('echo.test', sc.encode('from quiet'));
    await quiet.flush();
    other.publish('echo.test', sc.encode('from other'));
    await other.flush();
    await waitFor(() => quietGot.length >= 1 && otherGot.length >= 2, 'echo deliveries');
    await quiet.flush();
    // Its own message would have been queued before the other one: it is not there.
    assert.deepEqual(quietGot, ['from other']);
    assert.deepEqual(otherGot, ['from quiet', 'from other']);
  });
});

// Writes `text` to a fresh TCP connection and returns all it reads until the server
// closes ({ closed: true }) or 5 s pass ({ closed: false }).
function rawExchange(port, text) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: HOST, port });
    let data = '';
    const timer = setTimeout(() => { sock.destroy(); resolve({ data, closed: false }); }, 5000);
    sock.setEncoding('latin1');
    sock.on('connect', () => sock.write(text));
    sock.on('data', (chunk) => { data += chunk; });
    sock.on('end', () => { clearTimeout(timer); resolve({ data, closed: true }); });
    sock.on('error', (err) => { clearTimeout(timer); reject(err); });
  });
}

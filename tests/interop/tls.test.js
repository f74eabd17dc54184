// TLS on both listeners with real clients, against natsws or nats-server 2.9.10 (lib/server.js):
// nats.ws in Node over wss:// (npm `ws` given the test CA), npm `nats` over TLS (tls.caFile),
// Debian's libnats over TLS (libnats/libnats_tls.c), nats.ws in headless Chromium over wss://
// (--ignore-certificate-errors), client certificates with verify: true, and what a client
// that does not speak TLS gets. Certificates: tests/data/tls/make-test-certs.sh, fresh per run.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { connect as connectTcp, StringCodec } from 'nats';
import { connect as connectWs } from 'nats.ws';
import WebSocket from 'ws';
import { openNatsPage } from './lib/browser.js';
import { HOST, serverUnderTest, startServer } from './lib/server.js';
import { makeTestCertificates } from './lib/tls.js';
import { collect, flushed, within } from './lib/util.js';

const sc = StringCodec();
const kind = serverUnderTest().kind;
const certs = makeTestCertificates();
process.on('exit', () => certs.remove());

// nats.ws opens its socket with `new WebSocket(url)`: this one trusts the test CA and presents
// `wsIdentity` ({ cert, key }) when a test sets it.
let wsIdentity = null;
globalThis.WebSocket = class TestCaWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, { ca: certs.read('ca.pem'), ...(wsIdentity ?? {}) });
  }
};

const clientIdentity = () => ({ cert: certs.read('client.pem'), key: certs.read('client.key') });
const natsTls = (extra = {}) => ({ caFile: certs.file('ca.pem'), ...extra });
const connectOptions = { reconnect: false, timeout: 5000 };

// Publishes on `from`, receives on `to`, returns the text that arrived.
async function relay(from, to, subject, text) {
  const sub = to.subscribe(subject, { max: 1 });
  await flushed(to);
  from.publish(subject, sc.encode(text));
  await flushed(from);
  const [m] = await collect(sub, 1, 10000);
  return sc.decode(m.data);
}

// Sends `bytes` on a plain TCP socket and resolves with everything read until the server
// closes it (or `timeoutMs` passes: then `closed` is false).
function exchangeRaw(port, bytes, timeoutMs = 8000) {
  return new Promise((resolve) => {
    const chunks = [];
    const sock = net.connect({ host: HOST, port }, () => { if (bytes) sock.write(bytes); });
    const finish = (closed) => { clearTimeout(timer); sock.destroy(); resolve({ data: Buffer.concat(chunks), closed }); };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('data', (d) => chunks.push(d));
    sock.on('close', () => finish(true));
    sock.on('error', () => {});
  });
}

const libnats = process.env.NATSWS_LIBNATS_TLS_CLIENT;
const skipLibnats = libnats ? false : 'NATSWS_LIBNATS_TLS_CLIENT is not set (build target natsws_libnats_tls)';
async function runLibnats(args) {
  try {
    const { stdout } = await promisify(execFile)(libnats, args, { timeout: 60000 });
    return stdout;
  } catch (err) {
    assert.fail(`libnats TLS client failed (${err.code ?? err.signal}):\n${err.stdout}${err.stderr}`);
  }
}

describe(`wss:// and NATS over TLS (${kind})`, () => {
  let server;
  let tcp;

  before(async () => {
    server = await startServer({
      config: { tls: certs.serverBlock() },
      websocket: { tls: certs.serverBlock() },
    });
    tcp = await connectTcp({ servers: server.natsUrl, tls: natsTls(), ...connectOptions });
  });
  after(async () => {
    await tcp?.close();
    await server?.stop();
  });

  test('the log names the wss:// listener', () => {
    assert.match(server.log(), new RegExp(`Listening for websocket clients on wss://${HOST}:${server.wsPort}`));
    assert.match(server.log(), /TLS required for client connections/);
  });

  test('npm nats upgrades to TLS after an INFO that says tls_required', () => {
    assert.equal(tcp.info.tls_required, true);
    assert.equal(tcp.info.tls_available, undefined);   // only with allow_non_tls
  });

  test('nats.ws in Node over wss:// <-> npm nats over TLS', async () => {
    const ws = await connectWs({ servers: server.wsUrl, ...connectOptions });
    try {
      assert.equal(ws.info.tls_required, true);
      assert.equal(await relay(ws, tcp, 'tls.ws2tcp', 'from wss'), 'from wss');
      assert.equal(await relay(tcp, ws, 'tls.tcp2ws', 'from tls'), 'from tls');
      tcp.subscribe('tls.svc', { max: 1, callback: (_e, m) => m.respond(sc.encode(`tcp got ${sc.decode(m.data)}`)) });
      await flushed(tcp);
      const reply = await ws.request('tls.svc', sc.encode('ping'), { timeout: 5000 });
      assert.equal(sc.decode(reply.data), 'tcp got ping');
    } finally {
      await ws.close();
    }
  });

  test('a 1 MiB message crosses from TLS to wss intact', async () => {
    const ws = await connectWs({ servers: server.wsUrl, ...connectOptions });
    try {
      const payload = new Uint8Array(1024 * 1024).map((_, i) => (i * 7 + (i >> 10)) & 0xff);
      const sub = ws.subscribe('tls.big', { max: 1 });
      await flushed(ws);
      tcp.publish('tls.big', payload);
      await flushed(tcp);
      const [m] = await collect(sub, 1, 20000);
      assert.equal(Buffer.compare(Buffer.from(m.data), Buffer.from(payload)), 0);
    } finally {
      await ws.close();
    }
  });

  test('libnats over TLS (trusting only the test CA, checking the name)', { skip: skipLibnats }, async () => {
    const stdout = await runLibnats([server.natsUrl, certs.file('ca.pem')]);
    assert.doesNotMatch(stdout, /^not ok/m);
    assert.match(stdout, /^3 passed, 0 failed$/m, stdout);
  });

  test('nats.ws in headless Chromium over wss:// <-> npm nats over TLS', async () => {
    const browser = await openNatsPage({ extraArgs: ['--ignore-certificate-errors'] });
    try {
      const { page } = browser;
      await page.evaluate(async (url) => {
        window.nc = await window.nats.connect({ servers: url, reconnect: false, timeout: 5000 });
        window.got = new Promise((resolve) => {
          window.nc.subscribe('tls.page', { max: 1, callback: (_e, m) => resolve(new TextDecoder().decode(m.data)) });
        });
        await window.nc.flush();
      }, server.wsUrl);
      assert.equal(await page.evaluate(() => window.nc.info.tls_required), true);
      tcp.publish('tls.page', sc.encode('to the browser over wss'));
      await flushed(tcp);
      assert.equal(await within(page.evaluate(() => window.got), 10000, 'the page receiving'),
        'to the browser over wss');
      const fromPage = tcp.subscribe('tls.frompage', { max: 1 });
      await flushed(tcp);
      await page.evaluate(async () => {
        window.nc.publish('tls.frompage', new TextEncoder().encode('from the browser over wss'));
        await window.nc.flush();
      });
      const [m] = await collect(fromPage, 1, 10000);
      assert.equal(sc.decode(m.data), 'from the browser over wss');
      assert.deepEqual(browser.errors.map(String), []);
    } finally {
      await browser.close();
    }
  });

  test('plain HTTP on the wss port gets Go\'s 400, in clear', async () => {
    const { data, closed } = await exchangeRaw(server.wsPort,
      `GET / HTTP/1.1\r\nHost: ${HOST}:${server.wsPort}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    assert.equal(data.toString('latin1'),
      'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n');
    assert.ok(closed);
  });

  test('other plain bytes on the wss port: closed without a byte', async () => {
    const { data, closed } = await exchangeRaw(server.wsPort, 'CONNECT {}\r\nPING\r\n');
    assert.equal(data.length, 0, data.toString('latin1'));
    assert.ok(closed);
  });

  test('a plain NATS client on the TLS port gets INFO in clear, then the close', async () => {
    const { data, closed } = await exchangeRaw(server.port, 'CONNECT {"verbose":false}\r\nPING\r\n');
    const text = data.toString('latin1');
    assert.match(text, /^INFO \{.*"tls_required":true.*\} ?\r\n$/);
    assert.ok(closed);
  });

  test('nats-server and natsws say why in the log', () => {
    assert.match(server.log(), /TLS handshake error/);
  });
});

describe(`TLS handshake timeout (${kind})`, () => {
  let server;
  before(async () => {
    server = await startServer({ config: { tls: { ...certs.serverBlock(), timeout: 0.5 } } });
  });
  after(async () => { await server?.stop(); });

  test('a client that never starts the handshake is closed after INFO', async () => {
    const started = Date.now();
    const { data, closed } = await exchangeRaw(server.port, null);
    assert.ok(closed, 'the server closed the connection');
    assert.ok(Date.now() - started >= 400, `closed after ${Date.now() - started} ms`);
    assert.match(data.toString('latin1'), /^INFO \{.*\} ?\r\n$/);
  });
});

describe(`client certificates, verify: true (${kind})`, () => {
  let server;
  before(async () => {
    server = await startServer({
      config: { tls: certs.serverBlock({ verify: true }) },
      websocket: { tls: certs.serverBlock({ verify: true }) },
    });
  });
  after(async () => {
    wsIdentity = null;
    await server?.stop();
  });

  test('INFO says tls_verify', async () => {
    const nc = await connectTcp({
      servers: server.natsUrl, tls: natsTls({ certFile: certs.file('client.pem'), keyFile: certs.file('client.key') }),
      ...connectOptions,
    });
    try {
      assert.equal(nc.info.tls_verify, true);
      await flushed(nc);
    } finally {
      await nc.close();
    }
  });

  test('npm nats without a client certificate is refused', async () => {
    await assert.rejects(connectTcp({ servers: server.natsUrl, tls: natsTls(), ...connectOptions }));
  });

  test('npm nats with a certificate from another CA is refused', async () => {
    await assert.rejects(connectTcp({
      servers: server.natsUrl,
      tls: natsTls({ certFile: certs.file('stranger.pem'), keyFile: certs.file('stranger.key') }),
      ...connectOptions,
    }));
  });

  test('nats.ws in Node with a client certificate connects over wss://', async () => {
    wsIdentity = clientIdentity();
    const ws = await connectWs({ servers: server.wsUrl, ...connectOptions });
    try {
      await flushed(ws);
    } finally {
      await ws.close();
      wsIdentity = null;
    }
  });

  test('nats.ws in Node without a client certificate is refused', async () => {
    wsIdentity = null;
    await assert.rejects(connectWs({ servers: server.wsUrl, ...connectOptions }));
  });

  test('libnats with a client certificate connects', { skip: skipLibnats }, async () => {
    const stdout = await runLibnats([server.natsUrl, certs.file('ca.pem'), certs.file('client.pem'), certs.file('client.key')]);
    assert.match(stdout, /^3 passed, 0 failed$/m, stdout);
  });

  test('libnats without a client certificate is refused', { skip: skipLibnats }, async () => {
    const stdout = await runLibnats(['--refused', server.natsUrl, certs.file('ca.pem')]);
    assert.match(stdout, /^1 passed, 0 failed$/m, stdout);
  });
});

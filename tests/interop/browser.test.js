// nats.ws inside headless Chromium (playwright-core driving Debian's /usr/bin/chromium),
// bridged to an npm `nats` TCP client in this process. Payloads are compared by SHA-256
// computed on each side (crypto.subtle in the page, node:crypto here) plus the length.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { connect as connectTcp, StringCodec } from 'nats';
import { openNatsPage } from './lib/browser.js';
import { startServer } from './lib/server.js';
import { collect, PAYLOAD_SIZES, randomPayload, sha256 } from './lib/util.js';

const sc = StringCodec();

// Page-side helpers, installed once with page.evaluate.
function installPageHelpers() {
  const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const digest = async (bytes) => hex(await crypto.subtle.digest('SHA-256', bytes));
  const randomBytes = (size) => {
    const bytes = new Uint8Array(size);
    for (let off = 0; off < size; off += 65536) {   // getRandomValues fills at most 64 KiB
      crypto.getRandomValues(bytes.subarray(off, Math.min(size, off + 65536)));
    }
    return bytes;
  };
  // The page's own copy of lib/util.js within() and flushed(): helpers run in the browser.
  const within = (promise, ms, what) => Promise.race([promise, new Promise((_, reject) => {
    setTimeout(() => reject(new Error(`${what} did not complete within ${ms} ms`)), ms);
  })]);
  const flush = () => within(Promise.race([window.nc.flush(), window.nc.closed().then((err) => {
    throw new Error(`the server closed the connection before the flush${err ? `: ${err.message}` : ''}`);
  })]), 20000, 'flush in the page');
  window.received = {};
  window.helpers = {
    async connect(url) { window.nc = await window.nats.connect({ servers: url, reconnect: false }); },
    // Subscribes and, once the server knows, returns; window.received[subject] resolves
    // with { length, sha256 } of the first message.
    async expectOne(subject) {
      const sub = window.nc.subscribe(subject, { max: 1 });
      window.received[subject] = within((async () => {
        for await (const m of sub) return { length: m.data.length, sha256: await digest(m.data) };
        throw new Error(`subscription ${subject} ended without a message`);
      })(), 20000, `a message on ${subject}`);
      await flush();
    },
    async publishRandom(subject, size) {
      const bytes = randomBytes(size);
      window.nc.publish(subject, bytes);
      await flush();
      return { length: size, sha256: await digest(bytes) };
    },
    async publishText(subject, text) {
      window.nc.publish(subject, new TextEncoder().encode(text));
      await flush();
    },
    async request(subject, text) {
      const reply = await window.nc.request(subject, new TextEncoder().encode(text), { timeout: 5000 });
      return new TextDecoder().decode(reply.data);
    },
    async serveEcho(subject) {
      window.nc.subscribe(subject, {
        callback: (_e, m) => m.respond(new TextEncoder().encode(`browser got ${new TextDecoder().decode(m.data)}`)),
      });
      await flush();
    },
  };
}

describe(`nats.ws in Chromium <-> nats over TCP (${process.env.NATSWS_SERVER ? 'natsws' : 'nats-server'})`, () => {
  let server;
  let browser;
  let tcp;
  const page = () => browser.page;

  before(async () => {
    server = await startServer();
    tcp = await connectTcp({ servers: server.natsUrl, reconnect: false });
    browser = await openNatsPage();
    await page().evaluate(installPageHelpers);
    await page().evaluate((url) => window.helpers.connect(url), server.wsUrl);
  });
  after(async () => {
    await browser?.close();
    await tcp?.close();
    await server?.stop();
  });

  test('Chromium offered permessage-deflate and the server accepted it', () => {
    assert.equal(browser.handshakes.length, 1);
    const { status, headers, requestHeaders } = browser.handshakes[0];
    assert.equal(status, 101);
    const header = (all, name) => Object.entries(all ?? {})
      .find(([k]) => k.toLowerCase() === name)?.[1] ?? '';
    assert.match(header(requestHeaders, 'sec-websocket-extensions'), /permessage-deflate/);
    assert.match(header(headers, 'sec-websocket-extensions'), /^permessage-deflate\b/);
    assert.match(header(requestHeaders, 'user-agent'), /^Mozilla\/5\.0/);
  });

  test('pub/sub from the browser to TCP', async () => {
    const sub = tcp.subscribe('page.hello', { max: 1 });
    await tcp.flush();
    await page().evaluate(() => window.helpers.publishText('page.hello', 'hello from Chromium'));
    const [m] = await collect(sub, 1);
    assert.equal(sc.decode(m.data), 'hello from Chromium');
  });

  test('request from the browser, reply from TCP', async () => {
    tcp.subscribe('svc.tcp', { callback: (_e, m) => m.respond(sc.encode(`tcp got ${sc.decode(m.data)}`)) });
    await tcp.flush();
    assert.equal(await page().evaluate(() => window.helpers.request('svc.tcp', 'ping')), 'tcp got ping');
  });

  test('request from TCP, reply from the browser', async () => {
    await page().evaluate(() => window.helpers.serveEcho('svc.page'));
    const reply = await tcp.request('svc.page', sc.encode('ping'), { timeout: 5000 });
    assert.equal(sc.decode(reply.data), 'browser got ping');
  });

  for (const [name, size] of PAYLOAD_SIZES) {
    test(`${name} payload browser -> TCP intact`, async () => {
      const subject = `size.page2tcp.${size}`;
      const sub = tcp.subscribe(subject, { max: 1 });
      await tcp.flush();
      const sent = await page().evaluate(([s, n]) => window.helpers.publishRandom(s, n), [subject, size]);
      const [m] = await collect(sub, 1, 20000);
      assert.deepEqual({ length: m.data.length, sha256: sha256(m.data) }, sent);
    });

    test(`${name} payload TCP -> browser intact`, async () => {
      const subject = `size.tcp2page.${size}`;
      await page().evaluate((s) => window.helpers.expectOne(s), subject);
      const payload = randomPayload(size);
      tcp.publish(subject, payload);
      await tcp.flush();
      const got = await page().evaluate((s) => window.received[s], subject);
      assert.deepEqual(got, { length: size, sha256: sha256(payload) });
    });
  }

  test('the page raised no error', () => {
    assert.deepEqual(browser.errors.map(String), []);
  });
});

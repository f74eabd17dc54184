// Authentication and permissions as real clients see them: nats.ws in Node and in headless
// Chromium, npm nats over TCP, and raw WebSocket bytes, against natsws or nats-server with
// the same generated configs. Cookie credentials (user_cookie, pass_cookie, token_cookie)
// exist only since nats-server 2.11: those tests skip on older reference servers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { connect as connectTcp, StringCodec } from 'nats';
import { connect as connectWs } from 'nats.ws';
import WebSocket from 'ws';
import { openNatsPage } from './lib/browser.js';
import { freePort, serverUnderTest, startServer } from './lib/server.js';
import { collect, flushed, waitFor, within } from './lib/util.js';

const sc = StringCodec();
const under = serverUnderTest();
const isNatsws = under.kind === 'natsws';

// Cookie headers for the next WebSocket nats.ws opens in Node (browsers send them by
// themselves); nats.ws creates its socket with `new WebSocket(url)`.
let nextCookie = null;
globalThis.WebSocket = class CookieWebSocket extends WebSocket {
  constructor(url, protocols) {
    super(url, protocols, nextCookie ? { headers: { Cookie: nextCookie } } : {});
  }
};

// nats-server's version ("2.9.10"), or null for natsws.
function referenceVersion() {
  if (isNatsws) return null;
  const out = spawnSync(under.bin, ['--version'], { encoding: 'utf8' }).stdout ?? '';
  return out.match(/v(\d+\.\d+\.\d+)/)?.[1] ?? '0.0.0';
}
function atLeast(version, wanted) {
  const [a, b] = [version, wanted].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}
const version = referenceVersion();
const cookiesSkip = version && !atLeast(version, '2.11.0')
  ? `nats-server ${version} has no user_cookie/pass_cookie/token_cookie (new in 2.11.0)` : false;

// Resolves with the error a refused nats.ws/nats connect() rejects with.
async function refusal(connecting) {
  try {
    const nc = await connecting;
    await nc.close();
  } catch (err) {
    return err;
  }
  throw new Error('the server accepted the connection');
}

function assertAuthorizationViolation(err) {
  assert.equal(err.code, 'AUTHORIZATION_VIOLATION');
  assert.equal(err.message, "'Authorization Violation'");
}

// A plain WebSocket that collects the NATS text the server sends and how it closed.
function rawWebSocket(url, headers = {}) {
  const ws = new WebSocket(url, { headers });
  const state = { ws, text: '', closed: null, opened: Date.now() };
  ws.on('message', (data) => { state.text += data.toString(); });
  ws.on('close', (code, reason) => { state.closed = { code, reason: reason.toString(), at: Date.now() }; });
  ws.on('error', (err) => { state.error = err; });   // e.g. nats-server 2.9.10's 1005 close echo
  return state;
}

const wsOpen = (url, options = {}) => connectWs({ servers: url, reconnect: false, ...options });
const tcpOpen = (url, options = {}) => connectTcp({ servers: url, reconnect: false, ...options });

// A value that must never be shown anywhere: long and unique enough to grep for.
const secret = (name) => `${name}-${Math.random().toString(36).slice(2)}-S3CR3T`;

describe(`authentication (${under.kind})`, () => {
  describe('top-level user/password', () => {
    let server;
    before(async () => { server = await startServer({ config: { authorization: { user: 'alice', password: 's3cret' } } }); });
    after(async () => { await server?.stop(); });

    test('nats.ws with the right password connects and talks', async () => {
      const nc = await wsOpen(server.wsUrl, { user: 'alice', pass: 's3cret' });
      const sub = nc.subscribe('auth.echo', { max: 1 });
      nc.publish('auth.echo', sc.encode('hi'));
      const [m] = await collect(sub, 1);
      assert.equal(sc.decode(m.data), 'hi');
      await nc.close();
    });

    test('nats.ws with a wrong password: Authorization Violation', async () => {
      assertAuthorizationViolation(await refusal(wsOpen(server.wsUrl, { user: 'alice', pass: 'wrong' })));
    });

    test('nats.ws without credentials: Authorization Violation', async () => {
      assertAuthorizationViolation(await refusal(wsOpen(server.wsUrl)));
    });

    test('npm nats over TCP, right and wrong', async () => {
      const nc = await tcpOpen(server.natsUrl, { user: 'alice', pass: 's3cret' });
      await nc.close();
      assertAuthorizationViolation(await refusal(tcpOpen(server.natsUrl, { user: 'bob', pass: 's3cret' })));
    });
  });

  describe('token and bcrypt', () => {
    let server;
    // A hash made by Go's bcrypt (nats-server's own test vector) for the password below.
    const hash = '$2a$04$Q.CgCP2Sl9pkcTXEZHazaeMwPaAkSHk7AI51HkyMt5iJQQyUA4qxq';
    const password = 'IW@$6v(y1(t@fhPDvf!5^%';
    before(async () => {
      server = await startServer({
        config: { authorization: { user: 'hashed', password: hash } },
        websocket: { authorization: { token: 'ws-t0ken' } },
      });
    });
    after(async () => { await server?.stop(); });

    test('bcrypt password over TCP: right connects, wrong and the hash itself are refused', async () => {
      const nc = await tcpOpen(server.natsUrl, { user: 'hashed', pass: password });
      await nc.close();
      assertAuthorizationViolation(await refusal(tcpOpen(server.natsUrl, { user: 'hashed', pass: `${password}x` })));
      assertAuthorizationViolation(await refusal(tcpOpen(server.natsUrl, { user: 'hashed', pass: hash })));
    });

    test('websocket token override: right token connects over WebSocket', async () => {
      const nc = await wsOpen(server.wsUrl, { token: 'ws-t0ken' });
      await flushed(nc);
      await nc.close();
    });

    test('websocket token override: wrong token, or the users of the top level, refused', async () => {
      assertAuthorizationViolation(await refusal(wsOpen(server.wsUrl, { token: 'other' })));
      assertAuthorizationViolation(await refusal(wsOpen(server.wsUrl, { user: 'hashed', pass: password })));
    });
  });

  describe('WebSocket override without top-level auth', () => {
    let server;
    before(async () => {
      server = await startServer({ websocket: { authorization: { user: 'web', password: 'webpass', timeout: 0.5 } } });
    });
    after(async () => { await server?.stop(); });

    test('INFO over WebSocket says auth_required, TCP needs nothing', async () => {
      const raw = rawWebSocket(server.wsUrl);
      await waitFor(() => raw.text.includes('\r\n'), 'INFO over WebSocket');
      assert.equal(JSON.parse(raw.text.slice(5, raw.text.indexOf('\r\n'))).auth_required, true);
      raw.ws.terminate();
      const nc = await tcpOpen(server.natsUrl);
      assert.notEqual(nc.info.auth_required, true);
      await nc.close();
    });

    test('nats.ws with the websocket credentials connects, without is refused', async () => {
      const nc = await wsOpen(server.wsUrl, { user: 'web', pass: 'webpass' });
      await nc.close();
      assertAuthorizationViolation(await refusal(wsOpen(server.wsUrl)));
    });

    test('auth timeout: a silent WebSocket client gets Authentication Timeout after the websocket timeout', async () => {
      const raw = rawWebSocket(server.wsUrl);
      await waitFor(() => raw.closed, 'the server to close the silent client', 5000);
      assert.match(raw.text, /^INFO \{.*\} ?\r\n-ERR 'Authentication Timeout'\r\n$/s);
      assert.equal(raw.closed.code, 1008);
      assert.equal(raw.closed.reason, 'Authentication Timeout');
      const elapsed = raw.closed.at - raw.opened;
      assert.ok(elapsed >= 400 && elapsed < 1900, `closed after ${elapsed} ms, the timeout is 500 ms`);
    });
  });

  describe('users, connection types and no_auth_user', () => {
    let server;
    before(async () => {
      server = await startServer({
        config: {
          authorization: {
            users: [
              { user: 'tcp', password: 'p', allowed_connection_types: ['STANDARD'] },
              { user: 'web', password: 'p', allowed_connection_types: ['websocket'] },
              { user: 'guest', password: 'guest', permissions: { publish: 'public.>', subscribe: 'public.>' } },
            ],
          },
        },
        websocket: { no_auth_user: 'guest' },
      });
    });
    after(async () => { await server?.stop(); });

    test('a STANDARD user connects over TCP, not over WebSocket', async () => {
      const nc = await tcpOpen(server.natsUrl, { user: 'tcp', pass: 'p' });
      await nc.close();
      assertAuthorizationViolation(await refusal(wsOpen(server.wsUrl, { user: 'tcp', pass: 'p' })));
    });

    test('a WEBSOCKET user (any case in the config) connects over WebSocket, not over TCP', async () => {
      const nc = await wsOpen(server.wsUrl, { user: 'web', pass: 'p' });
      await nc.close();
      assertAuthorizationViolation(await refusal(tcpOpen(server.natsUrl, { user: 'web', pass: 'p' })));
    });

    test('the websocket no_auth_user admits WebSocket clients without credentials, with its permissions', async () => {
      const nc = await wsOpen(server.wsUrl);
      const sub = nc.subscribe('public.news', { max: 1 });
      nc.publish('public.news', sc.encode('for everyone'));
      const [m] = await collect(sub, 1);
      assert.equal(sc.decode(m.data), 'for everyone');
      await nc.close();
      assertAuthorizationViolation(await refusal(tcpOpen(server.natsUrl)));
    });
  });

  describe('permissions', () => {
    let server;
    let admin;
    before(async () => {
      server = await startServer({
        config: {
          authorization: {
            users: [
              { user: 'admin', password: 'a' },
              {
                user: 'app', password: 'p',
                permissions: {
                  publish: { allow: ['app.>'], deny: ['app.secret'] },
                  subscribe: { allow: ['app.>', 'work.* workers'], deny: ['app.hidden'] },
                },
              },
              { user: 'svc', password: 's', permissions: { subscribe: 'svc.>', allow_responses: true } },
            ],
          },
        },
      });
      admin = await tcpOpen(server.natsUrl, { user: 'admin', pass: 'a' });
    });
    after(async () => {
      await admin?.close();
      await server?.stop();
    });

    // The errors a nats.ws connection reports through status() from now on: the error code
    // and what nats.ws parsed out of the -ERR text.
    function errorsOf(nc) {
      const errors = [];
      (async () => {
        for await (const s of nc.status()) {
          if (s.type === 'error') errors.push({ code: s.data, ...s.permissionContext });
        }
      })();
      return errors;
    }
    const publishViolation = (subject) => ({ code: 'PERMISSIONS_VIOLATION', operation: 'publish', subject, queue: undefined });

    test('publish violations arrive as nats-server texts and the connection stays open', async () => {
      const nc = await wsOpen(server.wsUrl, { user: 'app', pass: 'p' });
      const errors = errorsOf(nc);
      const seen = admin.subscribe('>', { max: 1 });
      await flushed(admin);
      nc.publish('app.secret', sc.encode('no'));
      nc.publish('other.place', sc.encode('no'));
      nc.publish('app.ok', sc.encode('yes'));
      await flushed(nc);
      await waitFor(() => errors.length === 2, 'two permission errors');
      assert.deepEqual(errors, [publishViolation('app.secret'), publishViolation('other.place')]);
      const [m] = await collect(seen, 1);
      assert.equal(m.subject, 'app.ok');
      assert.equal(nc.isClosed(), false);
      await nc.close();
    });

    test('subscription violations reach the subscription, queue names included', async () => {
      const nc = await wsOpen(server.wsUrl, { user: 'app', pass: 'p' });
      const failure = (subject, opts = {}) => new Promise((resolve) => {
        nc.subscribe(subject, { ...opts, callback: (err) => resolve(err?.message) });
      });
      const denied = failure('app.hidden');
      const notAllowed = failure('elsewhere');
      const wrongQueue = failure('work.x', { queue: 'others' });
      await flushed(nc);
      // nats.ws hands the -ERR text over as sent, single quotes included.
      assert.equal(await within(denied, 5000, 'the app.hidden error'), `'Permissions Violation for Subscription to "app.hidden"'`);
      assert.equal(await within(notAllowed, 5000, 'the elsewhere error'), `'Permissions Violation for Subscription to "elsewhere"'`);
      assert.equal(await within(wrongQueue, 5000, 'the queue error'),
        `'Permissions Violation for Subscription to "work.x" using queue "others"'`);
      assert.equal(nc.isClosed(), false);
      await nc.close();
    });

    test('a wildcard subscription over a denied subject is allowed but never receives it', async () => {
      const nc = await wsOpen(server.wsUrl, { user: 'app', pass: 'p' });
      const sub = nc.subscribe('app.*', { max: 1 });
      await flushed(nc);
      admin.publish('app.hidden', sc.encode('filtered'));
      admin.publish('app.visible', sc.encode('delivered'));
      await flushed(admin);
      const [m] = await collect(sub, 1);
      assert.equal(m.subject, 'app.visible');
      await nc.close();
    });

    test('allow_responses: a service answers a request once, a second answer is refused', async () => {
      const svc = await wsOpen(server.wsUrl, { user: 'svc', pass: 's' });
      const errors = errorsOf(svc);
      let reply;
      svc.subscribe('svc.time', {
        callback: (_err, m) => {
          reply = m.reply;
          m.respond(sc.encode('first'));
          svc.publish(m.reply, sc.encode('second'));
        },
      });
      await flushed(svc);
      const answer = await admin.request('svc.time', sc.encode('now?'), { timeout: 5000 });
      assert.equal(sc.decode(answer.data), 'first');
      await flushed(svc);
      await waitFor(() => errors.length === 1, 'the refused second answer');
      assert.deepEqual(errors, [publishViolation(reply)]);
      await svc.close();
    });
  });

  describe('cookies', () => {
    let server;
    const cookiePass = secret('cookiepass');
    before(async () => {
      if (cookiesSkip) return;
      server = await startServer({
        websocket: {
          authorization: { user: 'alice', password: cookiePass },
          user_cookie: 'nats_user', pass_cookie: 'nats_pass', token_cookie: 'nats_token',
        },
      });
    });
    after(async () => { await server?.stop(); });

    test('nats.ws in Node: user and password from cookies', { skip: cookiesSkip }, async () => {
      nextCookie = `nats_user=alice; nats_pass=${cookiePass}`;
      try {
        const nc = await wsOpen(server.wsUrl);
        await flushed(nc);
        await nc.close();
      } finally {
        nextCookie = null;
      }
    });

    test('nats.ws in Node: a wrong cookie password is refused, CONNECT fields win over cookies', { skip: cookiesSkip }, async () => {
      nextCookie = 'nats_user=alice; nats_pass=wrong';
      try {
        assertAuthorizationViolation(await refusal(wsOpen(server.wsUrl)));
        const nc = await wsOpen(server.wsUrl, { user: 'alice', pass: cookiePass });
        await nc.close();
      } finally {
        nextCookie = null;
      }
    });
  });
});

describe(`cookie login from a page in Chromium (${under.kind})`, { skip: cookiesSkip }, () => {
  let server;
  let browser;
  let tcp;
  const cookiePass = secret('browserpass');
  before(async () => {
    browser = await openNatsPage();
    const origin = new URL(browser.page.url()).origin;
    server = await startServer({
      websocket: {
        allowed_origins: [origin],
        authorization: { user: 'alice', password: cookiePass },
        user_cookie: 'nats_user', pass_cookie: 'nats_pass',
      },
    });
    tcp = await tcpOpen(server.natsUrl);
  });
  after(async () => {
    await browser?.close();
    await tcp?.close();
    await server?.stop();
  });

  async function connectFromPage(cookies) {
    return browser.page.evaluate(async ([url, values]) => {
      for (const [name, value] of Object.entries(values)) document.cookie = `${name}=${value}; path=/`;
      try {
        window.nc = await window.nats.connect({ servers: url, reconnect: false });
        return 'connected';
      } catch (err) {
        return `${err.code}: ${err.message}`;
      }
    }, [server.wsUrl, cookies]);
  }

  test('a wrong cookie password is refused', async () => {
    assert.equal(await connectFromPage({ nats_user: 'alice', nats_pass: 'wrong' }),
      "AUTHORIZATION_VIOLATION: 'Authorization Violation'");
  });

  test('the page sets the cookies and connects without credentials', async () => {
    assert.equal(await connectFromPage({ nats_user: 'alice', nats_pass: cookiePass }), 'connected');
    const sub = tcp.subscribe('page.cookie', { max: 1 });
    await flushed(tcp);
    await browser.page.evaluate(async () => {
      window.nc.publish('page.cookie', new TextEncoder().encode('logged in by cookie'));
      await window.nc.flush();
    });
    const [m] = await collect(sub, 1);
    assert.equal(sc.decode(m.data), 'logged in by cookie');
  });

  test('the page raised no error', () => {
    assert.deepEqual(browser.errors.map(String), []);
  });
});

describe(`no secret in the log, the connection log or /connz (${under.kind})`, () => {
  const passwords = { svc: secret('svcpass'), web: secret('webpass') };
  const wrongGuess = secret('wrongguess');
  const token = secret('wstoken');
  let server;
  let dir;
  let connectionLog;
  let httpPort;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'natsws-auth-'));
    connectionLog = path.join(dir, 'connections.jsonl');
    httpPort = await freePort();
    server = await startServer({
      config: {
        http_port: httpPort,
        authorization: { users: [{ user: 'svc', password: passwords.svc }, { user: 'web', password: passwords.web }] },
      },
      websocket: cookiesSkip ? {} : { user_cookie: 'nats_user', pass_cookie: 'nats_pass' },
      // Debug and trace: natsws has nothing to hide there. nats-server 2.9.10 traces
      // CONNECT with auth_token in clear (only "pass" is redacted), so it runs with -D.
      args: isNatsws ? ['-DV', '--connection-log', connectionLog] : ['-D'],
    });
    const svc = await tcpOpen(server.natsUrl, { user: 'svc', pass: passwords.svc, name: 'svc-client' });
    const web = await wsOpen(server.wsUrl, { user: 'web', pass: passwords.web, name: 'web-client' });
    await refusal(wsOpen(server.wsUrl, { user: 'web', pass: wrongGuess }));
    await refusal(tcpOpen(server.natsUrl, { token }));
    if (!cookiesSkip) {
      nextCookie = `nats_user=web; nats_pass=${passwords.web}`;
      try {
        const byCookie = await wsOpen(server.wsUrl, { name: 'cookie-client' });
        await flushed(byCookie);
      } finally {
        nextCookie = null;
      }
    }
    await flushed(svc);
    await flushed(web);
  });
  after(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const everySecret = () => [passwords.svc, passwords.web, wrongGuess, token];
  const assertClean = (where, text) => {
    for (const s of everySecret()) assert.ok(!text.includes(s), `${where} contains the secret ${s}`);
  };

  test('the server log', () => {
    assert.match(server.log(), /authentication error/);   // the refusals were logged
    assertClean('the server log', server.log());
  });

  test('the connection log', { skip: !isNatsws && 'nats-server has no --connection-log' }, (t) => {
    if (!existsSync(connectionLog)) {
      t.skip('natsws-server does not write --connection-log yet');
      return;
    }
    const text = readFileSync(connectionLog, 'utf8');
    assert.match(text, /"web"/);
    assertClean('the connection log', text);
  });

  test('/connz and /varz', async (t) => {
    let connz;
    let varz;
    try {
      connz = await (await fetch(`http://127.0.0.1:${httpPort}/connz?auth=true&subs=true`)).text();
      varz = await (await fetch(`http://127.0.0.1:${httpPort}/varz`)).text();
    } catch (err) {
      t.skip(`no HTTP monitoring on ${httpPort}: ${err.message}`);
      return;
    }
    assert.match(connz, /"authorized_user":\s*"svc"/);
    assertClean('/connz', connz);
    assertClean('/varz', varz);
  });
});

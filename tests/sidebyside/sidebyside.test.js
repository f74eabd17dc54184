// Side by side: the same raw upgrade requests and raw frames go to Debian's nats-server
// 2.9.10 and to natsws-server (NATSWS_SERVER), and both must answer alike: the same status
// line, the same close status, the same NATS replies. Rows where natsws differs on purpose
// are listed in DIFFERENCES, with what the newest nats-server does, and why.
// Without NATSWS_SERVER only the nats-server column runs, which checks the table itself.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { closePayload, deflateMessage, OPCODE } from '../interop/lib/rawws.js';
import { natswsServer, referenceServer, startServer } from '../interop/lib/server.js';
import { frameOutcome, handshakeOutcome } from './lib/observe.js';

// Outcomes (lib/observe.js): a handshake row gives its status line without "HTTP/1.1 ";
// a frame row lists what came back after the probe: "close N", "close empty", "pong "x"",
// NATS ops ("MSG x "hi"", "PONG", "-ERR"), "eof" (TCP closed with no Close frame), "" (nothing).
// A list means any of these (nats-server's Close after a protocol error is best-effort:
// its read loop ends with ReadError, which skips the final flush, so it races the TCP close).
const PROTOCOL_ERROR_2910 = ['close 1002', 'eof'];

// Deliberate differences. `nats2910` and `natsws` are checked; `newest` (nats-server
// v2.14.5, see /work/shared/spec/nats-websocket.md §12) is for the record.
const EXT = 'permessage-deflate; server_no_context_takeover; client_no_context_takeover';
export const DIFFERENCES = [
  { row: 'compression offered with parameters', nats2910: `101 Switching Protocols; ext=${EXT}`,
    newest: 'the same: server_max_window_bits ignored', natsws: `101 Switching Protocols; ext=${EXT}; server_max_window_bits=10`,
    why: 'RFC 7692 7.1.2.1: a server that accepts server_max_window_bits must answer with it; natsws deflates with that window' },
  { row: 'corrupt compressed data', nats2910: 'eof', newest: 'read error, no Close',
    natsws: 'close 1007', why: 'RFC 6455 7.4.1: 1007 tells the client its data was not consistent with the message type, as Node ws does' },
  { row: 'key is not base64', nats2910: '101 Switching Protocols', newest: '400 (since 2.11.14)',
    natsws: '400 Bad Request', why: 'RFC 6455 4.2.1: the key is a base64-encoded 16-byte nonce' },
  { row: 'key decodes to 5 bytes', nats2910: '101 Switching Protocols', newest: '400 (since 2.11.14)',
    natsws: '400 Bad Request', why: 'RFC 6455 4.2.1: the key is a base64-encoded 16-byte nonce' },
  { row: 'empty Close', nats2910: 'close 1005', newest: 'empty Close (since 2.10.24)',
    natsws: 'close empty', why: 'RFC 6455 7.4.1: 1005 must never be sent in a Close frame' },
  { row: '1-byte Close', nats2910: 'close 1005', newest: '1002 (since 2.11.14)',
    natsws: 'close 1002', why: 'RFC 6455 5.5.1: a Close body starts with a 2-byte status' },
  { row: 'Close with status 1005', nats2910: 'close 1005', newest: '1002 (since 2.11.14)',
    natsws: 'close 1002', why: 'RFC 6455 7.4.1: 1005 is reserved, not for the wire' },
  { row: 'Close with status 999', nats2910: 'close 999', newest: '1002 (since 2.11.14)',
    natsws: 'close 1002', why: 'RFC 6455 7.4.2: codes below 1000 are not used' },
  { row: 'RSV2 set', nats2910: 'PONG', newest: '1002 (since 2.11.14)',
    natsws: 'close 1002', why: 'RFC 6455 5.2: a reserved bit without an extension fails the connection' },
  { row: 'RSV3 set', nats2910: 'PONG', newest: '1002 (since 2.11.14)',
    natsws: 'close 1002', why: 'RFC 6455 5.2: a reserved bit without an extension fails the connection' },
  { row: 'RSV1 without negotiated compression', nats2910: 'eof', newest: '1002, best-effort (since 2.11.14)',
    natsws: 'close 1002', why: 'RFC 7692 6: RSV1 means compressed only when negotiated; 2.9.10 tries to inflate and drops the connection' },
  ...['unmasked frame', 'unknown opcode 3', 'unknown opcode 11', 'ping of 126 bytes', 'ping without FIN',
    'continuation with nothing to continue', 'new message inside a fragmented one',
    'RSV1 on a continuation frame'].map((row) => ({
    row, nats2910: PROTOCOL_ERROR_2910, newest: '1002, best-effort (race with the TCP close)',
    natsws: 'close 1002', why: 'RFC 6455 7.1.7: fail the connection with a Close; natsws flushes it before closing',
  })),
];

const ext = EXT;
const sameOriginHeaders = (server) => ({ Origin: `http://127.0.0.1:${server.wsPort}` });
const only = (headers) => () => headers;

// Both servers run with websocket { same_origin: true } (no Origin header still passes).
const HANDSHAKES = [
  { name: 'good request', expect: '101 Switching Protocols' },
  { name: 'POST', method: 'POST', expect: '405 Method Not Allowed' },
  { name: 'no Upgrade header', headers: only({ Upgrade: null }), expect: '400 Bad Request' },
  { name: 'Upgrade: h2c', headers: only({ Upgrade: 'h2c' }), expect: '400 Bad Request' },
  { name: 'no Connection header', headers: only({ Connection: null }), expect: '400 Bad Request' },
  { name: 'Connection: keep-alive, Upgrade', headers: only({ Connection: 'keep-alive, Upgrade' }),
    expect: '101 Switching Protocols' },
  { name: 'no Sec-WebSocket-Key', headers: only({ 'Sec-WebSocket-Key': null }), expect: '400 Bad Request' },
  { name: 'key is not base64', headers: only({ 'Sec-WebSocket-Key': '%%%' }) },
  { name: 'key decodes to 5 bytes', headers: only({ 'Sec-WebSocket-Key': 'aGVsbG8=' }) },
  { name: 'no Sec-WebSocket-Version', headers: only({ 'Sec-WebSocket-Version': null }), expect: '400 Bad Request' },
  { name: 'Sec-WebSocket-Version: 8', headers: only({ 'Sec-WebSocket-Version': '8' }), expect: '400 Bad Request' },
  { name: 'Sec-WebSocket-Version: 8, 13', headers: only({ 'Sec-WebSocket-Version': '8, 13' }),
    expect: '101 Switching Protocols' },
  { name: 'HTTP/1.1 without Host', headers: only({ Host: null }),
    expect: '400 Bad Request: missing required Host header' },
  { name: 'same origin', headers: sameOriginHeaders, expect: '101 Switching Protocols' },
  { name: 'other origin with same_origin', headers: only({ Origin: 'http://evil.example' }),
    expect: '403 Forbidden' },
  { name: 'compression offered', headers: only({ 'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits' }),
    expect: `101 Switching Protocols; ext=${ext}` },
  { name: 'compression offered with parameters', headers: only({ 'Sec-WebSocket-Extensions': 'permessage-deflate; server_max_window_bits=10' }) },
  { name: 'other extension offered', headers: only({ 'Sec-WebSocket-Extensions': 'x-webkit-deflate-frame' }),
    expect: '101 Switching Protocols' },
];

const sub = 'SUB x 1\r\nPUB x 2\r\nhi\r\n';
const FRAMES = [
  { name: 'masked PUB', probe: [{ payload: sub }], expect: 'MSG x "hi"' },
  { name: 'text frame', probe: [{ opcode: OPCODE.text, payload: sub }], expect: 'MSG x "hi"' },
  { name: 'PUB in fragments with a ping between',
    probe: [{ fin: false, payload: 'SUB x 1\r\nPUB x' }, { opcode: OPCODE.ping, payload: 'mid' },
      { opcode: OPCODE.continuation, payload: ' 2\r\nhi\r\n' }],
    expect: 'pong "mid", MSG x "hi"' },
  { name: 'compressed PUB', offerCompression: true, probe: [{ rsv1: true, payload: deflateMessage(sub) }],
    expect: 'MSG x "hi"' },
  { name: 'compressed PUB in two fragments, RSV1 on the first only', offerCompression: true,
    probe: [{ rsv1: true, fin: false, payload: deflateMessage(sub).subarray(0, 4) },
      { opcode: OPCODE.continuation, payload: deflateMessage(sub).subarray(4) }],
    expect: 'MSG x "hi"' },
  { name: 'RSV1 on a continuation frame', offerCompression: true,
    probe: [{ rsv1: true, fin: false, payload: deflateMessage(sub).subarray(0, 4) },
      { opcode: OPCODE.continuation, rsv1: true, payload: deflateMessage(sub).subarray(4) }] },
  { name: 'corrupt compressed data', offerCompression: true,
    probe: [{ rsv1: true, payload: Buffer.from([0xff, 0xff, 0xff]) }] },
  { name: 'NATS PING', probe: [{ payload: 'PING\r\n' }], expect: 'PONG' },
  { name: 'ping with payload', probe: [{ opcode: OPCODE.ping, payload: 'abc' }], expect: 'pong "abc"' },
  { name: 'unsolicited pong', probe: [{ opcode: OPCODE.pong, payload: 'x' }], expect: '' },
  { name: 'Close 1000 with reason', withReason: true,
    probe: [{ opcode: OPCODE.close, payload: closePayload(1000, 'bye') }], expect: 'close 1000 "bye"' },
  { name: 'Close 4000 (private use)', probe: [{ opcode: OPCODE.close, payload: closePayload(4000) }],
    expect: 'close 4000' },
  { name: 'Close with invalid UTF-8 reason',
    probe: [{ opcode: OPCODE.close, payload: Buffer.concat([closePayload(1000), Buffer.from([0xff, 0xfe])]) }],
    expect: 'close 1007' },
  { name: 'empty Close', probe: [{ opcode: OPCODE.close }] },
  { name: '1-byte Close', probe: [{ opcode: OPCODE.close, payload: Buffer.from([3]) }] },
  { name: 'Close with status 1005', probe: [{ opcode: OPCODE.close, payload: closePayload(1005) }] },
  { name: 'Close with status 999', probe: [{ opcode: OPCODE.close, payload: closePayload(999) }] },
  { name: 'unmasked frame', probe: [{ mask: false, payload: 'PING\r\n' }] },
  { name: 'unknown opcode 3', probe: [{ opcode: 3, payload: 'x' }] },
  { name: 'unknown opcode 11', probe: [{ opcode: 11, payload: 'x' }] },
  { name: 'ping of 126 bytes', probe: [{ opcode: OPCODE.ping, payload: Buffer.alloc(126, 0x61) }] },
  { name: 'ping without FIN', probe: [{ opcode: OPCODE.ping, fin: false, payload: 'a' }] },
  { name: 'continuation with nothing to continue', probe: [{ opcode: OPCODE.continuation, payload: 'PING\r\n' }] },
  { name: 'new message inside a fragmented one', probe: [{ fin: false, payload: 'PI' }, { payload: 'NG\r\n' }] },
  { name: 'RSV2 set', probe: [{ rsv2: true, payload: 'PING\r\n' }] },
  { name: 'RSV3 set', probe: [{ rsv3: true, payload: 'PING\r\n' }] },
  { name: 'RSV1 without negotiated compression', probe: [{ rsv1: true, payload: 'PING\r\n' }] },
  { name: 'unknown NATS operation', probe: [{ payload: 'FOO\r\n' }], expect: '-ERR, close 1002' },
];

function expectation(row, kind) {
  const difference = DIFFERENCES.find((d) => d.row === row.name);
  if (!difference) return row.expect;
  return kind === 'natsws' ? difference.natsws : difference.nats2910;
}

function assertOutcome(outcome, expected, kind) {
  if (Array.isArray(expected)) {
    assert.ok(expected.includes(outcome), `${kind}: ${JSON.stringify(outcome)} is none of ${JSON.stringify(expected)}`);
  } else {
    assert.equal(outcome, expected, kind);
  }
}

describe(`side by side: nats-server 2.9.10${natswsServer() ? ' and natsws' : ' (natsws not given)'}`, () => {
  const servers = [];

  before(async () => {
    for (const implementation of [referenceServer(), natswsServer()].filter(Boolean)) {
      servers.push(await startServer({ server: implementation, websocket: { same_origin: true } }));
    }
  });
  after(async () => { await Promise.allSettled(servers.map((s) => s.stop())); });

  test('every listed difference names a row, every other row has an expectation', () => {
    const names = [...HANDSHAKES, ...FRAMES].map((r) => r.name);
    for (const d of DIFFERENCES) assert.ok(names.includes(d.row), `difference for unknown row "${d.row}"`);
    for (const r of [...HANDSHAKES, ...FRAMES]) {
      assert.ok(expectation(r, 'natsws') !== undefined, `row "${r.name}" has no expectation`);
    }
  });

  for (const row of HANDSHAKES) {
    test(`handshake: ${row.name}`, async () => {
      for (const server of servers) {
        assertOutcome(await handshakeOutcome(server, row), expectation(row, server.kind), server.kind);
      }
    });
  }

  for (const row of FRAMES) {
    test(`frame: ${row.name}`, async () => {
      for (const server of servers) {
        assertOutcome(await frameOutcome(server, row.probe, row), expectation(row, server.kind), server.kind);
      }
    });
  }
});

// Turns what a server answers to one raw handshake or one raw frame into a short outcome
// string, so the answers of two servers can be compared like for like.
import { CONNECT_LINE, NatsReader } from '../../interop/lib/natsproto.js';
import {
  encodeFrame, inflateMessage, OPCODE, RawWsConnection, upgradeRequest,
} from '../../interop/lib/rawws.js';

const ANSWER_TIMEOUT_MS = 3000;

// The status line without "HTTP/1.1 ", plus the negotiated extension of a 101:
// "400 Bad Request", "101 Switching Protocols; ext=permessage-deflate; ...".
// `headers(server)` gives the headers to add, override or (null) leave out.
export async function handshakeOutcome(server, { method, path, headers = () => ({}) }) {
  const conn = await RawWsConnection.open(server.wsPort,
    upgradeRequest({ port: server.wsPort, method, path, headers: headers(server) }));
  conn.destroy();
  const { statusLine, status, headers: response } = conn.response;
  const line = statusLine.replace(/^HTTP\/1\.1 /, '');
  const ext = response['sec-websocket-extensions'];
  return status === 101 && ext ? `${line}; ext=${ext}` : line;
}

const dataOf = (frame) => (frame.rsv1 ? inflateMessage(frame.payload) : frame.payload);

// The events one frame stands for: a control frame is one, a data frame one per NATS op.
function frameEvents(frame, reader, withReason) {
  switch (frame.opcode) {
    case OPCODE.close: {
      const { payload } = frame;
      if (payload.length === 0) return ['close empty'];
      if (payload.length === 1) return [`close 1-byte ${payload[0]}`];
      return [`close ${payload.readUInt16BE(0)}${withReason ? ` "${payload.subarray(2).toString('utf8')}"` : ''}`];
    }
    case OPCODE.pong: return [`pong "${frame.payload.toString('latin1')}"`];
    case OPCODE.ping: return [`ping "${frame.payload.toString('latin1')}"`];
    default:
      return reader.push(dataOf(frame)).map((op) => (op.op === 'MSG'
        ? `MSG ${op.subject} "${op.payload.toString('latin1')}"` : op.op));
  }
}

// After the probe: a message to ourselves on a subject of our own. Its arrival means the
// server has handled everything before it, whatever the frame boundaries of its answers.
const SENTINEL = 'SUB sentinel.done 99\r\nPUB sentinel.done 0\r\n\r\n';
const SENTINEL_EVENT = 'MSG sentinel.done ""';

export async function frameOutcome(server, probe, { offerCompression = false, withReason = false } = {}) {
  const headers = offerCompression ? { 'Sec-WebSocket-Extensions': 'permessage-deflate' } : {};
  const conn = await RawWsConnection.open(server.wsPort, upgradeRequest({ port: server.wsPort, headers }));
  try {
    if (conn.response.status !== 101) return conn.response.statusLine;
    const reader = new NatsReader();
    const info = await conn.nextFrame(ANSWER_TIMEOUT_MS);
    if (!info || !reader.push(dataOf(info)).some((op) => op.op === 'INFO')) return 'no INFO';
    conn.write(encodeFrame({ payload: CONNECT_LINE }));
    conn.write(Buffer.concat(probe.map((frame) => (Buffer.isBuffer(frame) ? frame : encodeFrame(frame)))));
    conn.write(encodeFrame({ payload: SENTINEL }));
    const events = [];
    for (let i = 0; i < 100; i++) {
      let frame;
      try {
        frame = await conn.nextFrame(ANSWER_TIMEOUT_MS);
      } catch {
        events.push('timeout');
        break;
      }
      if (frame === null) {
        events.push('eof');
        break;
      }
      const answered = frameEvents(frame, reader, withReason);
      const done = answered.includes(SENTINEL_EVENT);
      events.push(...answered.filter((e) => e !== SENTINEL_EVENT));
      if (done || frame.opcode === OPCODE.close) break;
    }
    return events.join(', ');
  } finally {
    conn.destroy();
  }
}

// A WebSocket client on a raw TCP socket, for tests that must see (or send) the exact
// bytes: the handshake response, every frame header, fragments and RSV bits, close frames.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import zlib from 'node:zlib';
import { HOST } from './server.js';
import { takeAll } from './util.js';

export const OPCODE = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 };
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export function acceptFor(key) {
  return createHash('sha1').update(key + GUID).digest('base64');
}

// The request line and header lines of an upgrade request. `headers` adds or overrides
// (case-insensitively) the standard ones; a header set to null is left out.
export function upgradeRequest({ port, method = 'GET', path = '/', headers = {} }) {
  const base = {
    Host: `${HOST}:${port}`,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
  };
  const merged = new Map(Object.entries(base).map(([k, v]) => [k.toLowerCase(), [k, v]]));
  for (const [k, v] of Object.entries(headers)) merged.set(k.toLowerCase(), [k, v]);
  const lines = [...merged.values()].filter(([, v]) => v !== null).map(([k, v]) => `${k}: ${v}`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

// One frame on the wire. Client frames are masked unless `mask` is false.
export function encodeFrame({
  opcode = OPCODE.binary, fin = true, rsv1 = false, rsv2 = false, rsv3 = false,
  mask = true, payload = Buffer.alloc(0),
}) {
  const data = Buffer.from(payload);
  const len = data.length;
  const lenBytes = len < 126 ? 0 : len < 65536 ? 2 : 8;
  const header = Buffer.alloc(2 + lenBytes + (mask ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | (rsv2 ? 0x20 : 0) | (rsv3 ? 0x10 : 0) | opcode;
  header[1] = (mask ? 0x80 : 0) | (lenBytes === 0 ? len : lenBytes === 2 ? 126 : 127);
  if (lenBytes === 2) header.writeUInt16BE(len, 2);
  if (lenBytes === 8) header.writeBigUInt64BE(BigInt(len), 2);
  if (!mask) return Buffer.concat([header, data]);
  const key = randomBytes(4);
  key.copy(header, 2 + lenBytes);
  for (let i = 0; i < len; i++) data[i] ^= key[i & 3];
  return Buffer.concat([header, data]);
}

export function closePayload(status, reason = '') {
  const body = Buffer.alloc(2);
  body.writeUInt16BE(status);
  return Buffer.concat([body, Buffer.from(reason)]);
}

// Splits a byte stream into frames; keeps an incomplete frame until the rest arrives.
export class FrameParser {
  #buffer = Buffer.alloc(0);

  push(chunk) {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    return takeAll(() => this.#takeFrame());
  }

  #takeFrame() {
    const b = this.#buffer;
    if (b.length < 2) return null;
    const masked = (b[1] & 0x80) !== 0;
    let len = b[1] & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (b.length < 4) return null;
      len = b.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (b.length < 10) return null;
      len = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    const keyOffset = offset;
    if (masked) offset += 4;
    if (b.length < offset + len) return null;
    const payload = Buffer.from(b.subarray(offset, offset + len));
    if (masked) for (let i = 0; i < len; i++) payload[i] ^= b[keyOffset + (i & 3)];
    this.#buffer = b.subarray(offset + len);
    return {
      fin: (b[0] & 0x80) !== 0, rsv1: (b[0] & 0x40) !== 0, rsv2: (b[0] & 0x20) !== 0,
      rsv3: (b[0] & 0x10) !== 0, opcode: b[0] & 0x0f, masked, payload,
    };
  }
}

// Compresses one permessage-deflate message: sync-flushed, without the 00 00 FF FF tail.
export function deflateMessage(data) {
  const deflated = zlib.deflateRawSync(Buffer.from(data), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  return deflated.subarray(0, deflated.length - 4);
}

// Inflates one permessage-deflate message (the sender dropped the 00 00 FF FF tail).
export function inflateMessage(payload) {
  return zlib.inflateRawSync(Buffer.concat([payload, Buffer.from([0, 0, 0xff, 0xff])]),
    { finishFlush: zlib.constants.Z_SYNC_FLUSH });
}

// A connection that sent an upgrade request; `response` is the parsed HTTP response head.
export class RawWsConnection {
  #socket;
  #parser = new FrameParser();
  #frames = [];
  #waiters = [];
  #ended = false;
  #fragments = [];

  static open(port, request) {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: HOST, port });
      let head = Buffer.alloc(0);
      const timer = setTimeout(() => { socket.destroy(); reject(new Error('no HTTP response in 5 s')); }, 5000);
      const onData = (chunk) => {
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        clearTimeout(timer);
        socket.off('data', onData);
        socket.off('close', onEarlyClose);
        resolve(new RawWsConnection(socket, head.subarray(0, end).toString('latin1'), head.subarray(end + 4)));
      };
      const onEarlyClose = () => {
        clearTimeout(timer);
        reject(new Error(`connection closed before a full HTTP response: ${JSON.stringify(head.toString('latin1'))}`));
      };
      socket.on('data', onData);
      socket.once('close', onEarlyClose);
      socket.once('error', (err) => { clearTimeout(timer); reject(err); });
      socket.once('connect', () => socket.write(request));
    });
  }

  constructor(socket, head, rest) {
    this.#socket = socket;
    const [statusLine, ...headerLines] = head.split('\r\n');
    this.response = {
      statusLine,
      status: Number(statusLine.split(' ')[1]),
      headers: Object.fromEntries(headerLines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      })),
      // For a refused upgrade: whatever the server sent after the head (the body).
      rest,
    };
    socket.on('data', (chunk) => this.#receive(chunk));
    socket.on('close', () => { this.#ended = true; this.#wake(); });
    socket.on('error', () => {});
    if (this.response.status === 101 && rest.length) this.#receive(rest);
  }

  #receive(chunk) {
    this.#frames.push(...this.#parser.push(chunk));
    this.#wake();
  }

  #wake() {
    for (const wake of this.#waiters.splice(0)) wake();
  }

  #waitForChange(deadline) {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      this.#waiters.push(() => { clearTimeout(timer); resolve(); });
    });
  }

  write(bytes) { this.#socket.write(bytes); }
  send(frame) { this.write(encodeFrame(frame)); }
  destroy() { this.#socket.destroy(); }

  // The next frame, or null once the server closed the TCP connection.
  async nextFrame(timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (this.#frames.length === 0) {
      if (this.#ended) return null;
      if (Date.now() >= deadline) throw new Error(`no frame within ${timeoutMs} ms`);
      await this.#waitForChange(deadline);
    }
    return this.#frames.shift();
  }

  // Resolves true when the server closes the TCP connection within `timeoutMs`.
  async waitClosed(timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    while (!this.#ended && Date.now() < deadline) await this.#waitForChange(deadline);
    return this.#ended;
  }

  // The next complete data message: { frames, compressed, data } with `data` inflated.
  // Pings are answered with a pong; a close frame or a closed socket is an error.
  async nextMessage(timeoutMs = 5000) {
    for (;;) {
      const frame = await this.nextFrame(timeoutMs);
      if (frame === null) throw new Error('connection closed while waiting for a message');
      if (frame.opcode === OPCODE.ping) {
        this.send({ opcode: OPCODE.pong, payload: frame.payload });
        continue;
      }
      if (frame.opcode === OPCODE.close) {
        throw new Error(`close frame ${frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : ''}`);
      }
      if (frame.opcode === OPCODE.pong) continue;
      this.#fragments.push(frame);
      if (!frame.fin) continue;
      const frames = this.#fragments.splice(0);
      const compressed = frames[0].rsv1;
      const payload = Buffer.concat(frames.map((f) => f.payload));
      return { frames, compressed, data: compressed ? inflateMessage(payload) : payload };
    }
  }
}

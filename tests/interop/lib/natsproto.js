// The raw NATS client protocol, for tests that bypass the npm clients: the CONNECT line, and
// an incremental reader of what a server sends (bytes may be cut anywhere, e.g. by frames).
import { takeAll } from './util.js';

export const CONNECT_LINE =
  'CONNECT {"verbose":false,"pedantic":false,"protocol":1,"lang":"interop","version":"0"}\r\n';

export function pubCommand(subject, payload) {
  return Buffer.concat([Buffer.from(`PUB ${subject} ${payload.length}\r\n`), Buffer.from(payload),
    Buffer.from('\r\n')]);
}

// push(bytes) returns the complete operations so far:
//   { op: 'INFO', info } { op: 'MSG', subject, sid, reply, payload } { op: 'PING' }
//   { op: 'PONG' } { op: '+OK' } { op: '-ERR', text }
export class NatsReader {
  #buffer = Buffer.alloc(0);

  push(chunk) {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : Buffer.from(chunk);
    return takeAll(() => this.#takeOp());
  }

  #takeOp() {
    const eol = this.#buffer.indexOf('\r\n');
    if (eol < 0) return null;
    const line = this.#buffer.subarray(0, eol).toString('latin1');
    const [verb, ...args] = line.split(' ').filter(Boolean);
    const rest = line.slice(line.indexOf(' ') + 1);
    if (verb === 'MSG') {
      const [subject, sid, ...more] = args;
      const size = Number(more.at(-1));
      const reply = more.length === 2 ? more[0] : undefined;
      const start = eol + 2;
      if (this.#buffer.length < start + size + 2) return null;
      const payload = Buffer.from(this.#buffer.subarray(start, start + size));
      this.#buffer = this.#buffer.subarray(start + size + 2);
      return { op: 'MSG', subject, sid, reply, payload };
    }
    this.#buffer = this.#buffer.subarray(eol + 2);
    switch (verb) {
      case 'INFO': return { op: 'INFO', info: JSON.parse(rest) };
      case 'PING': case 'PONG': case '+OK': return { op: verb };
      case '-ERR': return { op: '-ERR', text: rest };
      default: throw new Error(`unexpected protocol line ${JSON.stringify(line)}`);
    }
  }
}

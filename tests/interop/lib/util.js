// Small helpers shared by the interop tests: payloads, digests, bounded waiting.
import { createHash, randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

export const KiB = 1024;
export const MiB = 1024 * 1024;

// The payload sizes every client pair must carry intact.
export const PAYLOAD_SIZES = [
  ['empty', 0], ['1 byte', 1], ['4 KiB', 4 * KiB], ['64 KiB', 64 * KiB], ['1 MiB', MiB],
];

export function sha256(bytes) {
  return createHash('sha256').update(bytes).digest('hex');
}

export function randomPayload(size) {
  return new Uint8Array(randomBytes(size));
}

// Text that deflates well: repeated JSON records, cut to exactly `size` bytes.
export function compressibleJson(size, seed = 0) {
  let text = '';
  for (let i = 0; text.length < size; i++) {
    text += JSON.stringify({ id: seed + i, kind: 'reading', unit: 'celsius', value: (i % 40) / 2 });
  }
  return new TextEncoder().encode(text.slice(0, size));
}

// Polls `condition` until it holds; throws with `what` when `timeoutMs` passes first.
export async function waitFor(condition, what, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

// Settles like `promise`, or rejects naming `what` after `timeoutMs`: for client calls that
// would otherwise wait forever when a server drops the connection (e.g. flush()).
export function within(promise, timeoutMs, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not complete within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// nc.flush() for a nats or nats.ws connection, failing fast (instead of waiting forever)
// when the server closes the connection first.
export function flushed(nc, timeoutMs = 20000) {
  const closed = nc.closed().then((err) => {
    throw new Error(`the server closed the connection before the flush${err ? `: ${err.message}` : ''}`);
  });
  return within(Promise.race([nc.flush(), closed]), timeoutMs, 'flush');
}

// Resolves with the first `count` messages of a nats/nats.ws subscription.
export async function collect(sub, count, timeoutMs = 10000) {
  const messages = [];
  const timer = setTimeout(() => sub.unsubscribe(), timeoutMs);
  for await (const m of sub) {
    messages.push(m);
    if (messages.length === count) break;
  }
  clearTimeout(timer);
  if (messages.length !== count) {
    throw new Error(`subscription ${sub.getSubject()} got ${messages.length} of ${count} messages`);
  }
  return messages;
}

// Calls `take` until it returns null: the items an incremental parser has complete so far.
export function takeAll(take) {
  const items = [];
  for (let item = take(); item; item = take()) items.push(item);
  return items;
}

// Throw-away test certificates (tests/data/tls/make-test-certs.sh) in a temp dir, and the
// tls {} blocks that use them. Test use only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../data/tls/make-test-certs.sh', import.meta.url));

export function makeTestCertificates() {
  const dir = mkdtempSync(path.join(tmpdir(), 'natsws-tls-'));
  execFileSync('/bin/sh', [SCRIPT, dir], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60000 });
  const file = (name) => path.join(dir, name);
  return {
    dir,
    file,
    read: (name) => readFileSync(file(name)),
    // A server-side tls {} block; `verify` asks for a client certificate from the test CA.
    serverBlock: ({ verify = false } = {}) => ({
      cert_file: file('server.pem'), key_file: file('server.key'), ca_file: file('ca.pem'),
      ...(verify ? { verify: true } : {}),
    }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// Debian's libnats C client (tests/interop/libnats/libnats_interop.c) against the server.
// NATSWS_LIBNATS_CLIENT names the built program (ctest sets it from the CMake target).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { serverUnderTest, startServer } from './lib/server.js';

const client = process.env.NATSWS_LIBNATS_CLIENT;
let server;

before(async () => { if (client) server = await startServer(); });
after(async () => { await server?.stop(); });

test(`libnats client checks pass against ${serverUnderTest().kind}`,
  { skip: client ? false : 'NATSWS_LIBNATS_CLIENT is not set (build target natsws_libnats_interop)' },
  async () => {
    let stdout;
    try {
      ({ stdout } = await promisify(execFile)(client, [server.natsUrl], { timeout: 60000 }));
    } catch (err) {
      assert.fail(`libnats client failed (${err.code ?? err.signal}):\n${err.stdout}${err.stderr}`);
    }
    assert.doesNotMatch(stdout, /^not ok/m);
    assert.match(stdout, /^6 passed, 0 failed$/m, stdout);
  });

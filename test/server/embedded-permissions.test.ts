/**
 * As root, the embedded PostgreSQL runs as the `postgres` user. A data folder under a 0700
 * folder used to fail deep inside initdb with a bare `spawn … EACCES`; it must fail at once
 * with a message that names the folder and the fix.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { createLogger } from '../../src/log.ts';

const isRoot = process.getuid?.() === 0;
let closed: string;

before(async () => {
  closed = await mkdtemp(path.join(os.tmpdir(), 'ih-closed-'));
  await chmod(closed, 0o700);
});
after(() => rm(closed, { recursive: true, force: true }));

test('as root, a data folder the postgres user cannot reach is refused with the folder and the fix', { skip: isRoot ? false : 'runs only as root (the postgres user switch happens only then)' }, async () => {
  await assert.rejects(startEmbeddedPostgres(path.join(closed, 'data'), createLogger('silent')), (error: Error) => {
    assert.match(error.message, /runs as the "postgres" user/);
    assert.ok(error.message.includes(`cannot enter ${closed} (mode 700)`), error.message);
    assert.ok(error.message.includes(`chmod o+x ${closed}`), error.message);
    assert.match(error.message, /DATABASE_URL/);
    return true;
  });
});

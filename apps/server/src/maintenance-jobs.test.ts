// A worker that starts on a database nobody analyses (PGlite; the CI's PostgreSQL has autovacuum off) gives it
// statistics at once, through its boot job; where autovacuum runs, the job leaves it to the server.
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autovacuumRuns, rowsOf } from './platform/db';
import { startTestApp, type TestApp } from './testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ worker: true });
});
afterAll(() => t?.close());

const contactsEstimate = async () =>
  Number(rowsOf<{ n: number }>(await t.rt.deps.db.execute(sql`select reltuples as n from pg_class where relname = 'contacts'`))[0]!.n);

describe('database maintenance jobs', () => {
  it('analyses the database when a worker starts, unless autovacuum does', async () => {
    if (await autovacuumRuns(t.rt.deps.db, t.rt.deps.engine)) {
      expect(t.rt.deps.engine).toBe('postgres');
      return;
    }
    // The demo workspace's seed leaves the contacts table never analysed until the job runs.
    const deadline = Date.now() + 20_000;
    while ((await contactsEstimate()) < 0 && Date.now() < deadline) await sleep(100);
    expect(await contactsEstimate()).toBeGreaterThanOrEqual(0);
  });
});

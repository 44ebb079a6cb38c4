// Statistics where autovacuum does not run: PGlite never runs it, and the CI's PostgreSQL has it off. A table
// nobody analysed has no row estimate (reltuples -1); after a maintenance run it has one.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine } from '../../testing/engines';
import { createLogger } from '../logger';
import type { Database } from './database';
import { autovacuumRuns, maintainDatabase } from './maintenance';
import { rowsOf } from './rows';

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  const opened = await openTestDatabase(createLogger('silent'));
  database = opened.database;
  drop = opened.drop;
});
afterAll(async () => {
  await database?.close();
  await drop?.();
});

const reltuples = async (table: string) =>
  Number(rowsOf<{ n: number }>(await database.db.execute(sql`select reltuples as n from pg_class where relname = ${table}`))[0]!.n);

describe('database maintenance', () => {
  it('analyses (or vacuums) a database nobody else keeps statistics of, and leaves one with autovacuum alone', async () => {
    const db = database.db;
    await db.execute(sql`create table maintained (id int primary key, label text)`);
    await db.execute(sql`insert into maintained select i, 'row ' || i from generate_series(1, 2000) as s(i)`);
    expect(await reltuples('maintained')).toBe(-1);
    const autovacuum = await autovacuumRuns(db, database.engine);
    if (testEngine() === 'pglite') expect(autovacuum).toBe(false);

    expect(await maintainDatabase(db, database.engine, { vacuum: false })).toBe(autovacuum ? 'autovacuum' : 'analyzed');
    expect(await reltuples('maintained')).toBe(autovacuum ? -1 : 2000);
    await db.execute(sql`delete from maintained where id > 500`);
    expect(await maintainDatabase(db, database.engine, { vacuum: true })).toBe(autovacuum ? 'autovacuum' : 'vacuumed');
    expect(await reltuples('maintained')).toBe(autovacuum ? -1 : 500);
    await db.execute(sql`drop table maintained`);
  });
});

// Statistics where autovacuum does not run: PGlite never runs it, and the CI's PostgreSQL has it off. A table
// nobody analysed has no row estimate (reltuples -1); after a maintenance run it has one.
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngine, useTestDatabase } from '../../testing/engines';
import { autovacuumRuns, maintainDatabase } from './maintenance';
import { rowsOf } from './rows';

const opened = useTestDatabase();

const reltuples = async (table: string) =>
  Number(rowsOf<{ n: number }>(await opened.database.db.execute(sql`select reltuples as n from pg_class where relname = ${table}`))[0]!.n);

describe('database maintenance', () => {
  it('analyses (or vacuums) a database nobody else keeps statistics of, and leaves one with autovacuum alone', async () => {
    const db = opened.database.db;
    await db.execute(sql`create table maintained (id int primary key, label text)`);
    await db.execute(sql`insert into maintained select i, 'row ' || i from generate_series(1, 2000) as s(i)`);
    expect(await reltuples('maintained')).toBe(-1);
    const autovacuum = await autovacuumRuns(db, opened.database.engine);
    if (testEngine() === 'pglite') expect(autovacuum).toBe(false);

    expect(await maintainDatabase(db, opened.database.engine, { vacuum: false })).toBe(autovacuum ? 'autovacuum' : 'analyzed');
    expect(await reltuples('maintained')).toBe(autovacuum ? -1 : 2000);
    await db.execute(sql`delete from maintained where id > 500`);
    expect(await maintainDatabase(db, opened.database.engine, { vacuum: true })).toBe(autovacuum ? 'autovacuum' : 'vacuumed');
    expect(await reltuples('maintained')).toBe(autovacuum ? -1 : 500);
    await db.execute(sql`drop table maintained`);
  });
});

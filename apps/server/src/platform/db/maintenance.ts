// Table statistics and dead rows, where nobody else looks after them. PostgreSQL plans every statement from the
// statistics autovacuum keeps; the embedded engine (PGlite, one process, no background workers) never runs
// autovacuum, and a server may have it switched off. Without statistics the planner guesses from table sizes, and
// the hot statements' prepared plans, made once per connection, keep the guess: measured on such a database, the
// contact update of each inbound message went through the e-mail index and read every contact of the workspace
// (999 rows for one), and the conversation update through another index read 20 pages for one row.
import { sql } from 'drizzle-orm';
import { rowsOf } from './rows';
import type { Db, Engine } from './types';

/** What a maintenance run did: `autovacuum` means the server does it and we did nothing. */
export type MaintenanceOutcome = 'autovacuum' | 'analyzed' | 'vacuumed';

/** Does anyone else keep this database's statistics? PGlite: never. PostgreSQL: when its autovacuum is on. */
export async function autovacuumRuns(db: Db, engine: Engine): Promise<boolean> {
  if (engine === 'pglite') return false;
  const [row] = rowsOf<{ on: string }>(await db.execute(sql`select current_setting('autovacuum') as on`));
  return row?.on === 'on';
}

/**
 * `ANALYZE` the database (or `VACUUM (ANALYZE)`, which also frees dead rows) unless autovacuum does it. ANALYZE
 * samples at most 30,000 rows per table and invalidates the plans made without it. Not in a transaction: VACUUM
 * refuses to run in one.
 */
export async function maintainDatabase(db: Db, engine: Engine, opts: { vacuum: boolean }): Promise<MaintenanceOutcome> {
  if (await autovacuumRuns(db, engine)) return 'autovacuum';
  await db.execute(opts.vacuum ? sql`vacuum (analyze)` : sql`analyze`);
  return opts.vacuum ? 'vacuumed' : 'analyzed';
}

import type { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type pg from 'pg';
import { executePrepared } from './prepared';
import type { Db, Engine } from './types';

/** An open database on either engine: the drizzle handle plus what the platform needs beside it. */
export interface Database {
  engine: Engine;
  db: Db;
  /** Set on the embedded engine: pg-boss talks to it through its PGlite adapter. */
  pglite?: PGlite;
  /** Set on PostgreSQL: the pool, and the URL that pg-boss opens its own pool with. */
  pool?: pg.Pool;
  url?: string;
  migrate(): Promise<void>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** NOTIFY through the given handle: inside a transaction it is delivered only if and when that commits. */
export async function notify(db: Db, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

/**
 * Several notifications as one select list (`select ${notifyCalls(…)}`), so a caller can fold them into a
 * statement of its own; delivered in this order, on commit.
 */
export function notifyCalls(channel: string, payloads: readonly string[]): SQL {
  return sql.join(
    payloads.map((p) => sql`pg_notify(${channel}, ${p})`),
    sql`, `,
  );
}

/**
 * Several writes to different tables in one round trip: each a named data-modifying common table expression
 * (`name as (update …)`), then the final select. Every such expression runs to completion whether or not the
 * select reads it; they all see the statement's starting snapshot, so no two may touch the same row. The callers run
 * it on every message, with a few shapes of text: a named prepared statement (prepared.ts).
 */
export async function executeTogether(db: Db, writes: readonly SQL[], select: SQL) {
  return executePrepared(db, withEffects(writes, select));
}

/** `executeTogether`'s statement, unexecuted (for a StatementTemplate). */
export function withEffects(writes: readonly SQL[], select: SQL): SQL {
  return sql`with ${sql.join([...writes], sql`, `)} select ${select}`;
}

/** Run fn in a transaction; nested calls on a transaction handle join it via a savepoint. */
export function withTx<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction((tx) => fn(tx as unknown as Db));
}

// Test-only: which engine this test run uses, and how a file gets its own database on it.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../platform/db';
import { createLogger, type Logger } from '../platform/logger';

declare module 'vitest' {
  export interface ProvidedContext {
    engine: 'pglite' | 'postgres';
    /** pglite: path of a dump of a migrated database. postgres: the template database's name. */
    template: string;
    /** postgres: server URL (any database) used to create and drop per-file databases. */
    adminUrl: string;
  }
}

export const testEngine = () => inject('engine');

/** A fresh, migrated database of this run's engine, for one test file. */
export async function openTestDatabase(log: Logger): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  if (inject('engine') === 'pglite') {
    const dump = await readFile(inject('template'));
    const database = await openPglite({ loadDataDir: new Blob([dump]) }, log);
    return { database, drop: async () => undefined };
  }
  const name = `parley_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(async (c) => {
    // Two files may copy the template at once; PostgreSQL refuses while another copy is being made.
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${name} TEMPLATE ${inject('template')}`);
        return;
      } catch (err) {
        if (attempt > 40 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  const url = databaseUrl(inject('adminUrl'), name);
  const database = await openPostgres(url, 5, log);
  return {
    database,
    url,
    drop: () => withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withAdmin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: inject('adminUrl') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export { PGlite };

/**
 * A database of the test file's own, opened before its tests and closed and dropped after them (for tests of the
 * platform's database code, which need no app): read `.database` inside tests and hooks.
 */
export function useTestDatabase(): { readonly database: Database } {
  const held: { database?: Database; drop?: () => Promise<void> } = {};
  beforeAll(async () => {
    const opened = await openTestDatabase(createLogger('silent'));
    held.database = opened.database;
    held.drop = opened.drop;
  });
  afterAll(async () => {
    await held.database?.close();
    await held.drop?.();
  });
  return {
    get database() {
      if (!held.database) throw new Error('the test database opens in beforeAll: read it inside tests and hooks');
      return held.database;
    },
  };
}

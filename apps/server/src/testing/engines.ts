// Test-only: which engine this test run uses, and how a file gets its own database on it.
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import { openPglite, openPostgres, type Database } from '../platform/db';
import type { Logger } from '../platform/logger';

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

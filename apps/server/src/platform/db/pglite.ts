import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as schema from '../../db/schema';
import type { Logger } from '../logger';
import { acquireDataDirLock } from './lock-file';
import { migrationsDir } from './migrations-dir';
import type { Database } from './database';

export interface PgliteOptions {
  /** A data folder, or undefined for an in-memory database (tests). */
  dataDir?: string;
  /** A dump of a migrated database to start from (tests clone one template per file). */
  loadDataDir?: Blob;
  /** A dump file to create a new data folder from (the build's seed): used only when the folder is new. */
  seedFile?: string;
}

export async function openPglite(opts: PgliteOptions, log: Logger): Promise<Database> {
  const lock = opts.dataDir ? acquireDataDirLock(resolve(opts.dataDir)) : undefined;
  const dataDir = opts.dataDir ? join(resolve(opts.dataDir), 'pglite') : undefined;
  const seed = dataDir && opts.seedFile && !existsSync(join(dataDir, 'PG_VERSION')) ? await readSeed(opts.seedFile, log) : undefined;
  let pglite: PGlite;
  try {
    // pg_trgm: the contacts list's fuzzy search (the migration creates the extension; PGlite must load it first).
    pglite = await PGlite.create({ dataDir, loadDataDir: opts.loadDataDir ?? seed, extensions: { pg_trgm } });
  } catch (err) {
    lock?.release();
    throw err;
  }
  const db = drizzle({ client: pglite, schema });
  return {
    engine: 'pglite',
    db,
    pglite,
    async migrate() {
      await migrate(db, { migrationsFolder: migrationsDir() });
    },
    async listen(channel, onPayload) {
      const unlisten = await pglite.listen(channel, onPayload);
      return async () => unlisten();
    },
    async close() {
      try {
        await pglite.close();
      } finally {
        lock?.release();
        log.debug('embedded database closed');
      }
    },
  };
}

async function readSeed(file: string, log: Logger): Promise<Blob> {
  log.info({ seed: file }, "creating the embedded database from the build's seed");
  return new Blob([await readFile(file)]);
}

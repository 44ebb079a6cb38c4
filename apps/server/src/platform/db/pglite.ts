import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
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
}

export async function openPglite(opts: PgliteOptions, log: Logger): Promise<Database> {
  const lock = opts.dataDir ? acquireDataDirLock(resolve(opts.dataDir)) : undefined;
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      dataDir: opts.dataDir ? join(resolve(opts.dataDir), 'pglite') : undefined,
      loadDataDir: opts.loadDataDir,
    });
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

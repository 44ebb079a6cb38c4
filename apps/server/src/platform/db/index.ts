import type { Config } from '../../config';
import type { Logger } from '../logger';
import type { Database } from './database';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';

export type { Database } from './database';
export { executeTogether, notify, notifyCalls, withEffects, withTx } from './database';
export { GroupCommit } from './group-commit';
export { autovacuumRuns, maintainDatabase, type MaintenanceOutcome } from './maintenance';
export { buildStatement, executePrepared, HOT_STATEMENT, SelectTemplate, StatementTemplate, type Statement } from './prepared';
export { rowsOf } from './rows';
export type { Db, Engine } from './types';
export { openPglite } from './pglite';
export { openPostgres } from './postgres';

/** PostgreSQL when DATABASE_URL is set, else the embedded engine in the data folder. */
export function openDatabase(config: Config, log: Logger, seedFile?: string): Promise<Database> {
  return config.db.url ? openPostgres(config.db.url, config.db.poolSize, log) : openPglite({ dataDir: config.db.dataDir, seedFile }, log);
}

// A migrated, empty embedded database as a gzipped dump. The build makes one (dist/embedded-seed.tar.gz) so
// a first start copies it instead of running PGlite's initdb (~3 s and ~800 MB); tests clone one per file.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from './config';
import { openPglite } from './platform/db';
import type { Logger } from './platform/logger';
import { Queue } from './platform/queue';

export async function createEmbeddedSeed(config: Config, log: Logger, compression: 'gzip' | 'none' = 'gzip'): Promise<Blob> {
  const database = await openPglite({}, log);
  try {
    await database.migrate();
    const queue = await Queue.start(database, config, log, { supervise: false });
    await queue.stop();
    return await database.pglite!.dumpDataDir(compression);
  } finally {
    await database.close();
  }
}

/** The seed shipped beside the bundle, if this is a build. */
export function embeddedSeedPath(): string | undefined {
  const path = fileURLToPath(new URL('./embedded-seed.tar.gz', import.meta.url));
  return existsSync(path) ? path : undefined;
}

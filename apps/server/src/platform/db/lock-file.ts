// PGlite happily opens one data folder from two processes and then corrupts it. A lock file holding the
// owner's pid makes the second process refuse to start; a lock left by a dead process is taken over.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors';

export interface LockFile {
  path: string;
  release(): void;
}

export function acquireDataDirLock(dataDir: string): LockFile {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'parley.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { path, release: () => rmSync(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new AppError(
          'unavailable',
          `The embedded database in ${dataDir} is already in use by Parley process ${owner}. ` +
            'Stop that process, or run several processes on PostgreSQL (set DATABASE_URL).',
        );
      }
      rmSync(path, { force: true }); // stale: its owner is gone
    }
  }
  throw new AppError('unavailable', `Could not take the lock file ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

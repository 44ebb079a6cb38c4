import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Source runs (tsx, vitest) find the SQL beside the code; the bundled build carries a copy in dist/.
const candidates = ['../../db/migrations', './migrations'];

export function migrationsDir(): string {
  for (const rel of candidates) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(`${dir}/meta/_journal.json`)) return dir;
  }
  throw new Error('Database migrations not found: is the build complete?');
}

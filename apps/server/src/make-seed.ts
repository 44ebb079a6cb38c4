// Build step: write dist/embedded-seed.tar.gz (see embedded-seed.ts).
import { writeFile } from 'node:fs/promises';
import { loadConfig } from './config';
import { createEmbeddedSeed } from './embedded-seed';
import { createLogger } from './platform/logger';

const out = process.argv[2];
if (!out) throw new Error('usage: make-seed <output file>');
const seed = await createEmbeddedSeed(loadConfig({}), createLogger('warn'));
await writeFile(out, Buffer.from(await seed.arrayBuffer()));

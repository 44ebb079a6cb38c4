#!/usr/bin/env node
// The `parley` command: runs the bundled server built by `npm run build`.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/parley.js', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('parley: the server is not built yet; run `npm run build` (npm ci does it for you).\n');
  process.exit(1);
}
await import(bundle.href);

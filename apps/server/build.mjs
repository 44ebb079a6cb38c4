// Bundle the server into dist/parley.js (and the build-only dist/make-seed.js), each self-contained so paths
// relative to import.meta.url hold: our code and @parley/contracts inlined, npm packages left external.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';

const here = new URL('.', import.meta.url).pathname;
rmSync(`${here}dist`, { recursive: true, force: true });
await build({
  entryPoints: { parley: `${here}src/cli.ts`, 'make-seed': `${here}src/make-seed.ts` },
  outdir: `${here}dist`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'externals',
      setup(b) {
        // Everything from node_modules stays external except our own workspace packages.
        b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@parley/') ? undefined : { path: args.path, external: true }));
      },
    },
  ],
  alias: { '@parley/contracts': `${here}../../packages/contracts/src/index.ts` },
});
cpSync(`${here}src/db/migrations`, `${here}dist/migrations`, { recursive: true });
// A migrated empty embedded database, so the first `npm start` skips PGlite's slow initdb.
execFileSync(process.execPath, [`${here}dist/make-seed.js`, `${here}dist/embedded-seed.tar.gz`], { stdio: 'inherit' });

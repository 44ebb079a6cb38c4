// Bundle the server into dist/parley.js: our code and @parley/contracts inlined, npm packages left external.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';

const here = new URL('.', import.meta.url).pathname;
rmSync(`${here}dist`, { recursive: true, force: true });
await build({
  entryPoints: [`${here}src/cli.ts`],
  outfile: `${here}dist/parley.js`,
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
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@parley/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
  alias: { '@parley/contracts': `${here}../../packages/contracts/src/index.ts` },
});
cpSync(`${here}src/db/migrations`, `${here}dist/migrations`, { recursive: true });

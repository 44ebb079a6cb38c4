// House rule 1: modules talk through their index.ts only, nothing imports in a cycle, and the layers point
// one way (platform never depends on modules; contracts depend on nothing of ours).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycles make load order fragile; let one side react to the other’s events instead.',
      from: {},
      // A cycle made only of type imports vanishes at run time (Deps ↔ Queue); any runtime edge counts.
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'module-only-through-its-door',
      severity: 'error',
      comment:
        'Code outside a module imports modules/<m>/index.ts only (db/schema.ts gathers the tables for drizzle; tests and the test harness may read tables to assert on storage).',
      from: {
        path: '^apps/server/src/',
        pathNot: ['^apps/server/src/modules/', '^apps/server/src/db/schema\\.ts$', '^apps/server/src/testing/'],
      },
      to: { path: '^apps/server/src/modules/[^/]+/(?!index\\.ts$)' },
    },
    {
      name: 'module-to-module-through-door',
      severity: 'error',
      comment: 'A module reaches another module through that module’s index.ts only (its tests may read the other’s tables).',
      from: { path: '^apps/server/src/modules/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^apps/server/src/modules/[^/]+/',
        pathNot: ['^apps/server/src/modules/$1/', '^apps/server/src/modules/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'platform-below-modules',
      severity: 'error',
      comment: 'The platform is shared infrastructure; it must not know the domain.',
      from: { path: '^apps/server/src/platform/', pathNot: '\\.test\\.ts$' },
      to: { path: '^apps/server/src/(modules|app|runtime|main|cli|jobs)' },
    },
    {
      name: 'contracts-stand-alone',
      severity: 'error',
      from: { path: '^packages/contracts/' },
      to: { path: '^(apps|packages/(?!contracts))' },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      comment: 'The web app shares types with the server through @parley/contracts only.',
      from: { path: '^apps/web/' },
      to: { path: '^apps/server/' },
    },
    {
      name: 'no-test-helpers-in-production',
      severity: 'error',
      from: { path: '^apps/server/src/', pathNot: ['\\.test\\.ts$', '^apps/server/src/testing/'] },
      to: { path: '^apps/server/src/testing/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.base.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};

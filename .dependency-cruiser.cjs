/**
 * Import boundaries of Trace Hub (docs/ARCHITECTURE.md, "Rules that run").
 * Run: `npm run check:deps` (depcruise packages --config .dependency-cruiser.cjs).
 * Workspace packages resolve to their sources through the `paths` of tsconfig.tests.json.
 */
const typeOnly = ['type-only'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-runtime-cycle',
      severity: 'error',
      comment: 'A runtime import cycle. Cycles made only of `import type` are allowed.',
      from: {},
      to: { circular: true, dependencyTypesNot: typeOnly, viaOnly: { dependencyTypesNot: typeOnly } },
    },
    {
      name: 'core-imports-no-workspace-package',
      severity: 'error',
      comment: 'packages/core imports no other workspace package.',
      from: { path: '^packages/core/' },
      to: { path: '^packages/(server|sdk|evals|cli|web)/' },
    },
    {
      name: 'sdk-imports-no-workspace-package',
      severity: 'error',
      comment: 'packages/sdk has zero runtime dependencies, internal ones included.',
      from: { path: '^packages/sdk/' },
      to: { path: '^packages/(core|server|evals|cli|web)/' },
    },
    {
      name: 'web-imports-only-core',
      severity: 'error',
      comment: 'The web app talks to the server over HTTP and shares only core.',
      from: { path: '^packages/web/src/' },
      to: { path: '^packages/(server|sdk|evals|cli)/' },
    },
    {
      name: 'web-feature-through-index',
      severity: 'error',
      comment: 'Another feature is imported through its index.ts only.',
      from: { path: '^packages/web/src/features/([^/]+)/' },
      to: {
        path: '^packages/web/src/features/[^/]+/',
        pathNot: ['^packages/web/src/features/$1/', '^packages/web/src/features/[^/]+/index\\.tsx?$'],
      },
    },
    {
      name: 'routes-never-import-storage',
      severity: 'error',
      comment: 'Routes parse, call a service and answer; stores are reached through services.',
      from: { path: '^packages/server/src/routes/' },
      to: { path: '^packages/server/src/storage/' },
    },
    {
      name: 'only-the-factory-imports-a-backend',
      severity: 'error',
      comment: 'Only storage/create-store.ts (and storage/testing) pick a backend folder; a test may test one backend.',
      from: {
        pathNot: [
          '\\.test\\.ts$',
          '^packages/server/src/storage/create-store\\.ts$',
          '^packages/server/src/storage/testing/',
          '^packages/server/src/storage/(sqlite|postgres)/',
        ],
      },
      to: { path: '^packages/server/src/storage/(sqlite|postgres)/' },
    },
    {
      name: 'backends-do-not-import-each-other',
      severity: 'error',
      comment: 'The SQLite and PostgreSQL backends share code through storage/sql only.',
      from: { path: '^packages/server/src/storage/(sqlite|postgres)/' },
      to: { path: '^packages/server/src/storage/(sqlite|postgres)/', pathNot: '^packages/server/src/storage/$1/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', '(^|/)node_modules/', '\\.d\\.ts$', '^packages/web/public/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.tests.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json'],
    },
  },
};

/**
 * Copies core's dependency-free retry module (packages/core/src/retry/*.ts, tests left out) into
 * packages/sdk/src/generated/retry/, which git ignores: the SDK keeps zero runtime dependencies and
 * still has no hand-kept twin. Run by the root `build`, the SDK's `prebuild` and vitest's global
 * setup; rewrites a file only when its content changed, so tsc -b stays incremental.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const from = join(here, '../../core/src/retry');
const to = join(here, '../src/generated/retry');
const HEADER = '// GENERATED from packages/core/src/retry by packages/sdk/scripts/copy-core-retry.mjs: edit the core file, not this copy.\n';

/** Writes the copies; answers the file names. */
export function copyCoreRetry() {
  mkdirSync(to, { recursive: true });
  const names = readdirSync(from).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  for (const stale of readdirSync(to)) if (!names.includes(stale)) rmSync(join(to, stale));
  for (const name of names) {
    const text = HEADER + readFileSync(join(from, name), 'utf8');
    if (existsSync(join(to, name)) && readFileSync(join(to, name), 'utf8') === text) continue;
    writeFileSync(join(to, name), text);
  }
  return names;
}

/** Vitest global setup entry. */
export default function setup() {
  copyCoreRetry();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) copyCoreRetry();

/**
 * Builds the web UI (vite build) only when its inputs changed since the last successful build:
 * `npm start` and the root `build` run this, so a start with unchanged web sources skips the ~9 s
 * Vite build. The inputs' fingerprint (sha256 over every input file's path and content) is stored in
 * dist/.inputs-sha256 after a successful build; a missing or different fingerprint rebuilds.
 * `npm run build -w @tracehub/web` always builds.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the web bundle is made of: its own sources and config, core's sources, and the installed versions. */
export const INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json', '../core/src', '../core/package.json', '../../package-lock.json'];
const STAMP = join('dist', '.inputs-sha256');

function files(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules' && !entry.name.endsWith('.test.ts'))
    .flatMap((entry) => files(join(path, entry.name)))
    .sort();
}

/** The fingerprint of the web UI's inputs under `webDir`. */
export function inputsFingerprint(webDir) {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    for (const file of files(join(webDir, input))) hash.update(`${relative(webDir, file)}\0`).update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** Whether `webDir`'s dist/ is missing or was built from other inputs. */
export function webBuildNeeded(webDir) {
  const stamp = join(webDir, STAMP);
  return !existsSync(join(webDir, 'dist', 'index.html')) || !existsSync(stamp) || readFileSync(stamp, 'utf8').trim() !== inputsFingerprint(webDir);
}

/** Records that dist/ was built from the current inputs. */
export function recordWebBuild(webDir) {
  writeFileSync(join(webDir, STAMP), `${inputsFingerprint(webDir)}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const webDir = fileURLToPath(new URL('..', import.meta.url));
  if (!webBuildNeeded(webDir)) {
    process.stdout.write('web UI: up to date (sources unchanged since the last build)\n');
  } else {
    // Vite's own API with the package's vite.config.ts, as `vite build` runs it; a failure throws (exit 1).
    const { build } = await import('vite');
    await build({ root: webDir, configFile: join(webDir, 'vite.config.ts') });
    recordWebBuild(webDir);
  }
}

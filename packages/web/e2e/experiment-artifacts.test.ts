/**
 * A run's artifacts on the experiment page in a real browser, in English and Korean: report.md
 * rendered (a table, and raw HTML in it dropped, never run), every file listed and downloadable
 * byte-identical, a file that did not arrive marked.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, API_KEY, api, screenshot, signIn, startE2E, type E2E, E2E_TIMEOUTS, poll } from './harness.js';
import { seedExperiments } from './fixtures.js';

const REPORT = '# Experiment report\n\n| evaluator | pass rate |\n|---|---|\n| keywords | 83.3% |\n\n<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>\n\n[bad link](javascript:window.__xss=3)\n';
const FILES: Record<string, Buffer> = {
  'report.md': Buffer.from(REPORT),
  'items.jsonl': Buffer.from('{"key":"q0#1","passed":true}\n'),
  'reports/report.xlsx': Buffer.from([0x50, 0x4b, 3, 4, 0, 255, 1]),
  'analysis/analysis.md': Buffer.from('# 분석\n'),
};
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function putBytes(url: string, route: string, body: string | Uint8Array, contentType: string) {
  const res = await fetch(`${url}/api/v1${route}`, { method: 'PUT', headers: { 'x-api-key': API_KEY, 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  if (res.status >= 300) throw new Error(`${route}: ${res.status} ${await res.text()}`);
}

describe('experiment artifacts in the browser', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    await seedExperiments(e2e.url);
    const manifest = { run_id: 'run-a', experiment_name: 'qa baseline', files: [...Object.entries(FILES).map(([path, data]) => ({ path, sha256: sha(data), bytes: data.length })), { path: 'metrics.json', sha256: sha(Buffer.from('{}')), bytes: 2 }] };
    await putBytes(e2e.url, '/experiments/run-a/artifacts', JSON.stringify(manifest), 'application/json');
    for (const [path, data] of Object.entries(FILES)) await putBytes(e2e.url, `/experiments/run-a/artifacts/${path}`, data, 'application/octet-stream');
    expect((await api(e2e.url, 'GET', '/experiments/run-b/artifacts')).status).toBe(200);
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('renders report.md safely and downloads every uploaded file byte-identical', async () => {
    const { page } = e2e;
    await page.goto('/experiments/run-a');
    const report = page.locator('[data-testid="experiment-report"]');
    await poll(() => report.locator('h1').innerText()).toBe('Experiment report');
    expect(await report.locator('table td').allInnerTexts()).toEqual(['keywords', '83.3%']);
    expect(await report.locator('script, img').count()).toBe(0);
    expect(await report.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();

    const table = page.locator('[data-testid="experiment-artifacts"]');
    await poll(() => table.innerText()).toContain('reports/report.xlsx');
    const text = await table.innerText();
    for (const path of ['manifest.json', 'report.md', 'items.jsonl', 'analysis/analysis.md', 'metrics.json']) expect(text).toContain(path);
    expect(text).toContain('Not uploaded'); // metrics.json is in the manifest but never arrived
    expect(text).toContain('1 file(s) of the manifest have not arrived');
    await screenshot(page, 'experiment-artifacts');

    for (const [path, data] of Object.entries(FILES)) {
      const row = table.locator('tr', { has: page.locator('code', { hasText: new RegExp(`^${path.replace(/[.]/g, '\\.')}$`) }) });
      const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Download' }).click()]);
      expect(download.suggestedFilename()).toBe(path.split('/').pop());
      const saved = await download.path();
      expect([path, Buffer.compare(fs.readFileSync(saved), data)]).toEqual([path, 0]);
    }
  });

  it('says so when a run has no artifacts, in Korean too', async () => {
    const { page } = e2e;
    await page.goto('/experiments/run-b');
    await poll(() => page.locator('[data-testid="experiment-artifacts"]').innerText()).toContain('No artifacts were uploaded for this run');
    await page.evaluate(() => localStorage.setItem('tracehub.lang', 'ko'));
    await page.goto('/experiments/run-a');
    const table = page.locator('[data-testid="experiment-artifacts"]');
    await poll(() => table.innerText()).toContain('아티팩트');
    expect(await table.innerText()).toContain('다운로드');
    expect(await table.innerText()).toContain('업로드 안 됨');
  });
});

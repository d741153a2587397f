/** Several runs compared in a real browser, in English and Korean: picked on the list, the prompts × models matrix with the best marked, another baseline chosen, pass@k across runs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, otherLanguageTexts, rawKeysOnPage, screenshot, signIn, startE2E, type E2E, E2E_TIMEOUTS, poll } from './harness.js';
import { seedExperiments } from './fixtures.js';

const comment = { passed_items: [], failed_items: [], reasoning: '', suggestions: [] };

describe('experiment matrix in the browser', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    // run-a (prompt 1, q5 fails) and run-b (prompt 2, q3 and q5 fail), model offline; run-c: prompt 1 on another model, every item passes.
    await seedExperiments(e2e.url);
    const items = Array.from({ length: 6 }, (_, i) => ({
      key: `q${i}#1`, item_id: `q${i}`, status: 'ok', passed: true, score: 1, scores: { keywords: { score: 1, passed: true, status: 'ok', comment } }, input: null, output: 'ok', expected: null,
    }));
    const res = await api(e2e.url, 'POST', '/experiments', { run: { run_id: 'run-c', name: 'qa big model', dataset_name: 'qa-set', dataset_version: '1', model_name: 'big-model', prompt_name: 'qa', prompt_version: '1' }, items });
    expect(res.status).toBe(201);
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('three picked runs open the matrix; the best is marked and the baseline can be changed', async () => {
    const { page } = e2e;
    await page.goto('/experiments');
    const table = page.locator('[data-testid="experiment-table"]');
    await poll(() => table.locator('tbody tr').count()).toBe(3);
    for (const name of ['qa baseline', 'qa shorter prompt', 'qa big model']) await page.getByLabel(`Select ${name} for comparison`).check();
    await page.getByRole('button', { name: 'Compare the 3 selected' }).click();
    await page.waitForURL(/experiments\/matrix\?runs=run-a,run-b,run-c/);
    const passRate = page.locator('[data-testid="matrix-pass_rate"]');
    await passRate.waitFor();
    // Rows: prompts qa:1 and qa:2; columns: the models.
    expect(await passRate.locator('thead th').allInnerTexts()).toEqual(['Prompt', 'offline', 'big-model']);
    const rows = await passRate.locator('tbody tr').allInnerTexts();
    expect(rows[0]).toMatch(/^qa:1\s+83\.3\s?% \(Baseline\)\s+100\.0\s?% ★$/);
    expect(rows[1]).toMatch(/^qa:2\s+66\.7\s?%\s+—$/);
    expect(await page.locator('[data-testid="matrix-runs"]').innerText()).toContain('No significant difference');
    expect(await rawKeysOnPage(page)).toEqual([]);
    await screenshot(page, 'experiment-matrix');

    await page.getByTestId('matrix-baseline').selectOption('run-c');
    await page.waitForURL(/baseline=run-c/);
    await poll(() => passRate.locator('tbody tr').first().innerText()).toMatch(/100\.0\s?% ★ \(Baseline\)/);

    await page.getByTestId('language-switch').selectOption('ko');
    await poll(() => passRate.locator('thead th').first().innerText()).toBe('프롬프트');
    expect(await page.locator('main h1').innerText()).toBe('실행 3개 비교');
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    expect(await rawKeysOnPage(page)).toEqual([]);
    await page.getByTestId('language-switch').selectOption('en');
  });

  it('two runs of the same prompt × model get pass@k and flakiness', async () => {
    const { page } = e2e;
    await page.goto('/experiments/matrix?runs=run-a,run-a,run-b');
    const stability = page.locator('[data-testid="matrix-stability"]');
    await stability.waitFor();
    const text = await stability.innerText();
    expect(text).toContain('qa:1 × offline (qa baseline, qa baseline)');
    expect(text).toContain('pass@1 0.833 · pass@2 0.833');
  });
});

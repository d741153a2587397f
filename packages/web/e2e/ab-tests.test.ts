/**
 * The A/B tests page in a browser (English, then Korean): a 90/10 test made in the dialog is listed,
 * traces attributed to it show per-variant results with intervals, the sample-ratio check and a
 * verdict; no text of the other language shows; the sidebar links the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, E2E_TIMEOUTS, otherLanguageTexts, poll, rawKeysOnPage, screenshot, signIn, startE2E, type E2E } from './harness.js';

describe('A/B tests page', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('creates a 90/10 test in English and shows its results with the verdict', async () => {
    const { page } = e2e;
    await page.getByRole('link', { name: 'A/B tests', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/ab-tests');
    await page.getByText('No A/B tests yet').waitFor();
    expect(await otherLanguageTexts(page, 'en')).toEqual([]);
    await page.getByRole('button', { name: 'New test' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="name"]').fill('new-model');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await page.locator('[data-testid="ab-results"]').waitFor();
    const tests = (await api(e2e.url, 'GET', '/ab-tests')).body as { tests: { test_id: string; variants: { key: string; weight: number }[] }[] };
    expect(tests.tests[0].variants.map((v) => [v.key, v.weight])).toEqual([['control', 90], ['new_model', 10]]);
    const testId = tests.tests[0].test_id;
    for (let i = 0; i < 60; i++) {
      const assigned = (await api(e2e.url, 'POST', `/ab-tests/${testId}/assign`, { unit_id: `s-${i}` })).body as { attributes: Record<string, string> };
      await api(e2e.url, 'POST', '/ingest/traces', { trace: { trace_id: `ab-e2e-${i}`, name: 'search', session_id: `s-${i}`, user_review_passed: i % 3 !== 0, attributes: assigned.attributes } });
    }
    await page.reload();
    await poll(async () => page.locator('[data-testid="ab-variants"]').innerText()).toMatch(/control \(Control\)/);
    expect(await page.locator('[data-testid="ab-verdict"]').innerText()).toMatch(/new_model: no detectable difference on User review pass rate yet; about [\d,]+ more sessions needed for a 5(\.0)?% lift\./);
    expect(await page.locator('[data-testid="ab-metrics"]').innerText()).toContain('User review pass rate ★');
    expect(await rawKeysOnPage(page)).toEqual([]);
    expect(await otherLanguageTexts(page, 'en')).toEqual([]);
    await screenshot(page, 'ab-tests-results');
  });

  it('reads in Korean', async () => {
    const { page } = e2e;
    await page.locator('[data-testid="language-switch"]').selectOption('ko');
    await page.getByText('표본 비율 검사 통과', { exact: false }).waitFor();
    expect(await page.locator('[data-testid="ab-verdict"]').innerText()).toMatch(/new_model: 사용자 리뷰 통과율에서 아직 차이를 찾지 못했습니다/);
    expect(await rawKeysOnPage(page)).toEqual([]);
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
  });
});

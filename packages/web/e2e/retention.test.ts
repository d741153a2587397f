/**
 * The retention tab of the settings in a browser (English, then Korean): a project admin sets the
 * trace and artifact retention, the server stores it, the disk use of the database shows, and no
 * text of the other language shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, E2E_TIMEOUTS, otherLanguageTexts, poll, rawKeysOnPage, screenshot, signIn, startE2E, type E2E } from './harness.js';

const retention = async (url: string) => (await api(url, 'GET', '/admin/retention')).body as { trace_days: number | null; artifact_days: number | null };

describe('retention settings', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('sets the retention in English and shows the disk use', async () => {
    const { page } = e2e;
    await page.goto('/settings/retention');
    const panel = page.locator('[data-testid="retention"]');
    await panel.getByText('Data retention').waitFor();
    await panel.locator('input[name="trace-days"]').fill('30');
    await panel.locator('input[name="artifact-days"]').fill('90');
    await panel.getByRole('button', { name: 'Save' }).click();
    await panel.getByText('Saved').waitFor();
    await poll(async () => retention(e2e.url)).toMatchObject({ trace_days: 30, artifact_days: 90 });
    await poll(async () => page.locator('[data-testid="database-bytes"]').innerText()).toMatch(/\d.*(kB|MB|GB|byte)/);
    expect(await rawKeysOnPage(page)).toEqual([]);
    expect(await otherLanguageTexts(page, 'en')).toEqual([]);
    await screenshot(page, 'settings-retention');
  });

  it('reads in Korean and clears the trace retention', async () => {
    const { page } = e2e;
    await page.locator('[data-testid="language-switch"]').selectOption('ko');
    const panel = page.locator('[data-testid="retention"]');
    await panel.getByText('데이터 보존 기간').waitFor();
    await page.locator('[data-testid="storage"]').getByText('디스크 사용량').waitFor();
    expect(await rawKeysOnPage(page)).toEqual([]);
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    await panel.locator('input[name="trace-days"]').fill('');
    await panel.getByRole('button', { name: '저장' }).click();
    await poll(async () => retention(e2e.url)).toMatchObject({ trace_days: null, artifact_days: 90 });
  });
});

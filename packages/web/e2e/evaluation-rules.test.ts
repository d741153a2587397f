/**
 * The online evaluators page in a browser (Korean, then English): a rule created through the API is
 * listed with what it picks, its sampling, evaluators and connection; an admin turns it off; the
 * model connections are listed without keys; the sidebar links the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, E2E_TIMEOUTS, otherLanguageTexts, poll, rawKeysOnPage, screenshot, signIn, startE2E, type E2E } from './harness.js';

describe('online evaluators page', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  let ruleId: string;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'ko-KR' });
    const created = await api(e2e.url, 'POST', '/evaluation-rules', {
      name: 'groundedness', filter: { environment: 'prod' }, sampling_rate: 0.25, connection: 'offline',
      evaluators: [{ type: 'llm_judge', name: 'grounded', rubric: 'Grounded? 1-5' }], daily_cost_cap: 3,
    });
    expect(created.status).toBe(201);
    ruleId = (created.body as { id: string }).id;
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('lists the rule in Korean and turns it off', async () => {
    const { page } = e2e;
    await page.getByRole('link', { name: '온라인 평가' }).click();
    await page.waitForURL((u) => u.pathname === '/evaluation-rules');
    const row = page.locator('[data-testid="evaluation-rule"]');
    await row.first().waitFor();
    const text = await row.first().innerText();
    expect(text).toContain('groundedness');
    expect(text).toContain('environment=prod');
    expect(text).toContain('25 %');
    expect(text).toContain('grounded');
    expect(text).toContain('켜짐');
    expect(await page.locator('[data-testid="model-connections"]').innerText()).toContain('내장 오프라인 판정기');
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    expect(await rawKeysOnPage(page)).toEqual([]);
    await screenshot(page, 'evaluation-rules-ko');
    await page.getByRole('checkbox', { name: 'groundedness 규칙 실행' }).click();
    await poll(async () => ((await api(e2e.url, 'GET', `/evaluation-rules/${ruleId}`)).body as { enabled: boolean }).enabled).toBe(false);
    await row.first().getByText('꺼짐').waitFor();
  });

  it('reads in English', async () => {
    const { page } = e2e;
    await page.locator('[data-testid="language-switch"]').selectOption('en');
    await page.getByRole('heading', { name: 'Online evaluators' }).waitFor();
    expect(await page.locator('[data-testid="evaluation-rule"]').first().innerText()).toContain('Off');
    expect(await page.locator('[data-testid="model-connections"]').innerText()).toContain('built-in offline judge');
    expect(await otherLanguageTexts(page, 'en')).toEqual([]);
    await screenshot(page, 'evaluation-rules-en');
  });
});

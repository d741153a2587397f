/**
 * The online evaluators page in a browser (Korean, then English): a rule created through the API is
 * listed with what it picks, its sampling, evaluators and connection; an admin turns it off; the
 * model connections are listed without keys; the sidebar links the page. An admin creates a rule in
 * the form, sees it listed and sees a backfill's estimate before queuing it; an evaluator links to
 * its calibration view (kappa, confusion matrix, disagreements linking to traces); a viewer sees no
 * change controls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, adminApi, api, E2E_TIMEOUTS, otherLanguageTexts, poll, rawKeysOnPage, screenshot, signIn, startE2E, type E2E } from './harness.js';

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
    // The rule form and the calibration view speak Korean too.
    await page.getByRole('button', { name: '새 규칙' }).click();
    await page.locator('[data-testid="evaluation-rule-form"]').waitFor();
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    await page.getByRole('button', { name: '취소' }).click();
    await page.goto('/evaluators/grounded/calibration');
    await page.getByRole('heading', { name: '판정기 보정: grounded' }).waitFor();
    await page.getByText('아직 판정 점수와 사람 점수가 모두 있는 트레이스가 없습니다').waitFor();
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    await page.getByRole('link', { name: '온라인 평가' }).first().click();
    await page.waitForURL((u) => u.pathname === '/evaluation-rules');
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

  it('creates a rule in the form, lists it, and shows the backfill estimate before queuing', async () => {
    const { page } = e2e;
    for (let i = 0; i < 3; i++) {
      const trace = { trace_id: `ui-prod-${i}`, name: 'rag', environment: 'prod', input_text: `q${i}`, output_text: `a${i}` };
      expect((await api(e2e.url, 'POST', '/ingest/traces', { trace, spans: [] })).status).toBe(200);
    }
    await page.getByRole('button', { name: 'New rule' }).click();
    const form = page.locator('[data-testid="evaluation-rule-form"]');
    await form.locator('input[name="name"]').fill('answers-ui');
    await form.locator('input[name="environment"]').fill('prod');
    await form.locator('input[name="sampling"]').fill('100');
    await form.locator('input[name="daily_cost_cap"]').fill('2');
    await form.locator('select[name="connection"]').selectOption('offline');
    // Off, so the live loop leaves the traces to the backfill.
    await form.locator('input[name="enabled"]').uncheck();
    await form.getByRole('button', { name: 'Create' }).click();
    const row = page.locator('[data-testid="evaluation-rule"]', { hasText: 'answers-ui' });
    await poll(async () => (await row.count()) === 1 && (await row.innerText())).toContain('environment=prod');
    expect(await row.innerText()).toContain('100 %');
    const listed = (await api(e2e.url, 'GET', '/evaluation-rules')).body as { rules: { name: string; daily_cost_cap: number | null }[] };
    expect(listed.rules.find((r) => r.name === 'answers-ui')?.daily_cost_cap).toBe(2);

    await row.getByRole('button', { name: 'Backfill' }).click();
    const backfill = page.locator('[data-testid="backfill-form"]');
    await backfill.getByRole('button', { name: 'Estimate the cost' }).click();
    const estimate = page.locator('[data-testid="backfill-estimate"]');
    await estimate.waitFor();
    const text = await estimate.innerText();
    expect(text).toContain('Traces the rule takes');
    expect(text).toMatch(/Estimated cost/);
    expect(text).toContain('offline');
    expect(await otherLanguageTexts(page, 'en')).toEqual([]);
    await screenshot(page, 'evaluation-rules-backfill-en');
    await backfill.getByRole('button', { name: 'Queue 3 traces' }).click();
    await backfill.getByRole('status').waitFor();
    expect(await backfill.getByRole('status').innerText()).toContain('Queued');
    await backfill.getByRole('button', { name: 'Close' }).click();
  });

  it('links an evaluator to its calibration view with kappa, the confusion matrix and the disagreements', async () => {
    const { page } = e2e;
    const judge = [true, true, false, false];
    const human = [true, false, false, false];
    for (let i = 0; i < judge.length; i++) {
      expect((await api(e2e.url, 'POST', '/ingest/traces', { trace: { trace_id: `cal-${i}`, environment: 'experiment' }, spans: [] })).status).toBe(200);
    }
    const evals = [
      ...judge.map((passed, i) => ({ trace_id: `cal-${i}`, eval_name: 'grounded', passed, source: 'experiment', comment: { reasoning: `judge says ${passed}` } })),
      ...human.map((passed, i) => ({ trace_id: `cal-${i}`, eval_name: 'grounded', passed, source: 'human' })),
    ];
    expect((await api(e2e.url, 'POST', '/evals', { evals })).status).toBe(200);
    await page.locator('[data-testid="evaluation-rule"]', { hasText: 'groundedness' }).getByRole('link', { name: 'grounded' }).click();
    await page.waitForURL((u) => u.pathname === '/evaluators/grounded/calibration');
    // p_o = 3/4, p_e = 0.5·0.25 + 0.5·0.75 = 0.5, kappa = 0.5.
    await poll(async () => (await page.locator('[data-testid="kappa"]').count()) && page.locator('[data-testid="kappa"]').innerText()).toBe('0.500');
    expect(await page.locator('[data-testid="confusion-matrix"]').innerText()).toContain('false');
    const disagreements = page.locator('[data-testid="disagreements"]');
    expect(await disagreements.innerText()).toContain('judge says true');
    expect(await otherLanguageTexts(page, 'en')).toEqual([]);
    await screenshot(page, 'calibration-en');
    await disagreements.getByRole('link', { name: 'cal-1' }).click();
    await page.waitForURL((u) => u.pathname === '/traces/cal-1');
  });

  it('shows a viewer no change controls', async () => {
    const { page } = e2e;
    const project = (await api(e2e.url, 'GET', '/auth/me')).body?.project_id as string;
    const viewer = await adminApi(e2e.url, 'POST', '/users', { username: 'rita', password: 'viewer-password', memberships: [{ project_id: project, role: 'viewer' }] });
    expect(viewer.status).toBe(201);
    await page.context().clearCookies();
    await signIn(page, 'rita', 'viewer-password');
    await page.goto('/evaluation-rules');
    await page.locator('[data-testid="evaluation-rule"]').first().waitFor();
    expect(await page.locator('main').getByRole('button', { name: /New rule|Change|Backfill|Delete/ }).count()).toBe(0);
    expect(await page.locator('main').getByRole('checkbox').count()).toBe(0);
  });
});

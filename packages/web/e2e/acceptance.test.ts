/**
 * The acceptance scenario: after the seed's curl examples (sent over HTTP), a person signs in, finds
 * the seed trace by searching 질문, opens it, sees the span tree, the amendment, the eval and the
 * decision, and resolves the escalated case. Runs in Korean (the browser's language).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_EVAL, SEED_EVENTS, SEED_LANGGRAPH, SEED_TRACE } from '../../server/test/helpers.js';
import { ADMIN_PASSWORD, api, rawKeysOnPage, screenshot, signIn, startE2E, type E2E, E2E_TIMEOUTS, poll } from './harness.js';

const TRACE_ID = SEED_TRACE.trace.trace_id;

describe('acceptance: the seed trace in the web UI (Korean browser)', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'ko-KR' });
    // The seed's curl examples, over HTTP.
    expect((await api(e2e.url, 'POST', '/ingest/traces', SEED_TRACE)).status).toBe(200);
    expect((await api(e2e.url, 'POST', '/ingest/spans', SEED_EVENTS)).status).toBe(200);
    expect((await api(e2e.url, 'POST', '/ingest/langgraph-runs', SEED_LANGGRAPH)).status).toBe(200);
    expect((await api(e2e.url, 'POST', '/evals', SEED_EVAL)).status).toBe(200);
    // A policy that escalates personal data, and a decision on the seed trace that trips it.
    const policy = await api(e2e.url, 'POST', '/policies', {
      name: 'pii-guard',
      definition: { rules: [{ priority: 100, when: { field: 'signals.pii', op: 'eq', value: true }, then: { action: 'ESCALATE', reason_code: 'PII_DETECTED', severity: 'high' } }] },
    });
    expect(policy.status).toBe(201);
    const decision = await api(e2e.url, 'POST', '/decide', {
      trace_id: TRACE_ID,
      request_payload: { text: '질문: 제 이메일은 kim@example.com 입니다' },
      response_payload: { text: '답변' },
      idempotency_key: 'decide-1',
    });
    expect(decision.status).toBe(200);
    expect(decision.body).toMatchObject({ action: 'ESCALATE' });
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('the sign-in page follows the browser language (Korean) and signs in', async () => {
    const { page } = e2e;
    await page.goto('/');
    await page.waitForURL(/\/login/);
    expect(await page.locator('h1').innerText()).toBe('로그인');
    await screenshot(page, 'login-ko');
    await signIn(page, 'admin', ADMIN_PASSWORD);
    expect(await page.locator('[data-testid="user-chip"]').innerText()).toContain('admin');
  });

  it('finds the seed trace by searching 질문 and opens it', async () => {
    const { page } = e2e;
    await page.goto('/traces');
    await page.locator('#trace-search').fill('질문');
    await page.locator('#trace-search').press('Enter');
    await page.waitForURL(/search=/);
    const rows = page.locator('[data-testid="trace-table"] tbody tr');
    await poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('질문');
    expect(new URL(page.url()).searchParams.get('search')).toBe('질문');
    await screenshot(page, 'trace-list-search-ko');
    await rows.first().locator('a').first().click();
    await page.waitForURL(new RegExp(`/traces/${TRACE_ID}`));
  });

  it('shows the span tree, the amendment (original vs merged) and the eval', async () => {
    const { page } = e2e;
    const tree = page.locator('[data-testid="span-tree"]');
    await tree.waitFor();
    // The seed's root span, and the judge span the decision recorded.
    expect(await tree.locator('[role="treeitem"]').count()).toBe(2);
    expect(await tree.innerText()).toContain('root');
    expect(await tree.innerText()).toContain('judge');
    // Trace detail facts and the selected span's input/output viewer.
    expect(await page.locator('[data-testid="trace-summary"]').innerText()).toContain('gpt-4.1-mini');
    await screenshot(page, 'trace-detail-ko');
    await page.getByRole('tab', { name: /수정 이력/ }).last().click();
    const amendments = page.locator('[data-testid="amendments"]');
    await amendments.waitFor();
    const text = await amendments.innerText();
    expect(text).toContain('"retry": 1');
    expect(text).toContain('원본');
    expect(text).toContain('병합 결과');
    await page.getByRole('tab', { name: /평가/ }).click();
    const evals = page.locator('[data-testid="evals"]');
    expect(await evals.innerText()).toContain('faithfulness');
    expect(await evals.innerText()).toContain('0.78');
    expect(await rawKeysOnPage(page)).toEqual([]);
  });

  it('shows the decision and resolves the escalated case', async () => {
    const { page } = e2e;
    await page.getByRole('tab', { name: /판정/ }).click();
    const decisions = page.locator('[data-testid="decisions"]');
    await decisions.waitFor();
    expect(await decisions.innerText()).toContain('ESCALATE');
    expect(await decisions.innerText()).toContain('PII_DETECTED');
    await screenshot(page, 'trace-decisions-ko');
    await decisions.getByRole('link', { name: '케이스 열기' }).click();
    await page.waitForURL(/\/cases\//);
    const facts = page.locator('[data-testid="case-facts"]');
    expect(await facts.innerText()).toContain('열림');
    // The reviewer sees the flagged text with the match marked, and the rule that fired.
    const mark = page.locator('[data-testid="flagged-text"] mark');
    expect(await mark.innerText()).toBe('kim@example.com');
    expect(await mark.getAttribute('title')).toBe('이메일 주소');
    expect(await page.locator('[data-testid="case-rule"]').innerText()).toContain('PII_DETECTED');
    await screenshot(page, 'case-flagged-ko');
    await page.getByRole('button', { name: '접수', exact: true }).click();
    await poll(() => facts.innerText()).toContain('접수됨');
    await page.locator('.case-actions textarea').fill('개인정보 마스킹 확인');
    await page.getByRole('button', { name: '해결', exact: true }).click();
    await poll(() => facts.innerText()).toContain('해결됨');
    expect(await facts.innerText()).toContain('개인정보 마스킹 확인');
    expect(await page.getByRole('button', { name: '해결', exact: true }).count()).toBe(0);
    await screenshot(page, 'case-resolved-ko');
    const stored = await api(e2e.url, 'GET', '/cases?status=resolved');
    expect((stored.body as { items: Array<{ resolved_by: string }> }).items[0].resolved_by).toBe('admin');
  });
});

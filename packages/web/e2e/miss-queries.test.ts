/**
 * The top miss-queries page in a browser (Korean, then English): Korean questions that differ only in
 * spacing, punctuation or particles are one ranked group with its reasons and example trace links;
 * "add to dataset" adds the representative input with the expected.json stub; the sidebar links it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, E2E_TIMEOUTS, otherLanguageTexts, poll, screenshot, signIn, startE2E, type E2E } from './harness.js';

const QUESTIONS = [
  { id: 'miss-1', input: '환불 정책이 뭐예요?', status: 'error' },
  { id: 'miss-2', input: '환불정책이 뭐에요', status: 'success' },
  { id: 'miss-3', input: '환불 정책은 뭐예요!!', status: 'error' },
  { id: 'miss-4', input: '배송은 언제 오나요?', status: 'error' },
  { id: 'fine-1', input: '영업시간 알려주세요', status: 'success' },
];

describe('top miss-queries page', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'ko-KR' });
    const now = Date.now();
    for (const [i, q] of QUESTIONS.entries()) {
      const trace = { trace_id: q.id, name: 'chat', status: q.status, input_text: q.input, output_text: '답변', start_time: new Date(now - (10 - i) * 60_000).toISOString() };
      expect((await api(e2e.url, 'POST', '/ingest/traces', { trace, spans: [] })).status).toBe(200);
    }
    expect((await api(e2e.url, 'POST', '/evals', { trace_id: 'miss-2', eval_name: 'keywords', passed: false })).status).toBe(200);
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('shows the grouped questions in Korean with reasons and example links, and adds one to a dataset', async () => {
    const { page } = e2e;
    await page.getByRole('link', { name: '미응답 질문' }).click();
    await page.waitForURL((u) => u.pathname === '/miss-queries');
    await page.locator('[data-testid="miss-group"]').first().waitFor();
    const groups = page.locator('[data-testid="miss-group"]');
    expect(await groups.count()).toBe(2);
    const top = groups.first();
    const text = await top.innerText();
    expect(text).toContain('발생 3회');
    expect(text).toContain('keywords 실패 ×1');
    expect(text).toContain('오류 ×2');
    expect(await page.locator('[data-testid="miss-summary"]').innerText()).toContain('트레이스 4건');
    expect(await page.locator('main').innerText()).not.toContain('영업시간');
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    await top.locator('summary').click();
    expect(await top.locator('a[href^="/traces/"]').count()).toBe(3);
    await screenshot(page, 'miss-queries-ko');

    await top.getByRole('button', { name: '데이터셋에 추가' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="dataset"]').fill('miss-review');
    expect(JSON.parse(await dialog.locator('textarea').inputValue())).toEqual({ keywords: [], forbidden: [], reference: {} });
    await dialog.getByRole('button', { name: '추가', exact: true }).click();
    await dialog.getByRole('link', { name: '데이터셋 열기' }).waitFor();
    await poll(async () => ((await api(e2e.url, 'GET', '/datasets/miss-review')).body?.items as unknown[] | undefined)?.length ?? 0).toBe(1);
    const dataset = await api(e2e.url, 'GET', '/datasets/miss-review');
    expect((dataset.body?.items as { expected_output: unknown; source_trace_id: string }[] | undefined)?.[0]).toMatchObject({
      expected_output: { keywords: [], forbidden: [], reference: {} },
      source_trace_id: 'miss-3',
    });
  });

  it('reads in English and follows an example trace link', async () => {
    const { page } = e2e;
    await page.goto('/miss-queries?hours=168');
    await page.locator('[data-testid="miss-group"]').first().waitFor();
    await page.locator('[data-testid="language-switch"]').selectOption('en');
    await page.getByRole('heading', { name: 'Top miss-queries' }).waitFor();
    const top = page.locator('[data-testid="miss-group"]').first();
    expect(await top.innerText()).toContain('Occurrences: 3');
    expect(await top.innerText()).toContain('keywords failed ×1');
    expect(await otherLanguageTexts(page, 'en')).toEqual([]);
    await top.locator('summary').click();
    await top.locator('a[href="/traces/miss-1"]').click();
    await page.waitForURL((u) => u.pathname === '/traces/miss-1');
    await page.locator('[data-testid="language-switch"]').selectOption('ko');
  });
});

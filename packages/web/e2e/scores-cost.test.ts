/**
 * Scores in sight and honest costs in a real browser (issue 15 item 4): the trace list's optional
 * Scores column, the score/latency/cost/token/metadata filters kept in the URL, scores in the trace
 * header and as span-tree badges, a model without a price shown as "unknown" (or "≥ $x" when partly
 * priced) rather than $0, and a span's input and output cost; in English and in Korean.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, E2E_TIMEOUTS, type E2E, otherLanguageTexts, poll, rawKeysOnPage, screenshot, signIn, startE2E } from './harness.js';

const settle = async (page: Page) => {
  await page.locator('main h1').first().waitFor();
  await page.locator('main .loading').first().waitFor({ state: 'detached' });
};

/** Three traces: priced with two scores, unpriced with one, partly priced under an agent span with a span-level score. */
async function seed(url: string): Promise<void> {
  const base = Date.now() - 10 * 60_000;
  const at = (ms: number) => new Date(base + ms).toISOString();
  const llm = (id: string, model: string, input: number, output: number, from: number, to: number, parent?: string) => ({
    span_id: id, parent_span_id: parent, name: id, span_type: 'llm', model, start_time: at(from), end_time: at(to), input_tokens: input, output_tokens: output,
  });
  const bodies = [
    { trace: { trace_id: 'sc-priced', name: 'priced-answer', start_time: at(0), attributes: { team: 'search', 'app.tier': 'gold' } },
      spans: [llm('answer', 'gpt-4o', 1200, 300, 0, 1800)] },
    { trace: { trace_id: 'sc-unpriced', name: 'local-model-answer', start_time: at(60_000), attributes: { team: 'support' } },
      spans: [llm('answer', 'local-llama-3-8b', 500, 80, 60_000, 60_400)] },
    { trace: { trace_id: 'sc-partial', name: 'mixed-agent', start_time: at(120_000) }, spans: [
      { span_id: 'agent', name: 'agent', span_type: 'agent', start_time: at(120_000), end_time: at(123_000) },
      llm('plan', 'gpt-4o-mini', 800, 100, 120_100, 121_000, 'agent'),
      llm('draft', 'in-house-writer', 300, 200, 121_100, 122_900, 'agent'),
    ] },
  ];
  for (const body of bodies) expect((await api(url, 'POST', '/ingest/traces', body)).status).toBe(200);
  for (const e of [
    { trace_id: 'sc-priced', eval_name: 'helpfulness', score: 0.9, passed: true },
    { trace_id: 'sc-priced', eval_name: 'faithfulness', score: 0.75 },
    { trace_id: 'sc-unpriced', eval_name: 'helpfulness', score: 0.2, passed: false },
    { trace_id: 'sc-partial', span_id: 'draft', eval_name: 'tone', passed: true },
  ]) expect((await api(url, 'POST', '/evals', e)).status).toBe(200);
}

const row = (page: Page, traceId: string) => page.locator(`[data-testid="trace-table"] tbody tr`, { has: page.locator(`a[href="/traces/${traceId}"]`) });

describe.each([
  { lang: 'en' as const, locale: 'en-US', words: { columns: 'Columns', scores: 'Scores', scoreOf: 'Score: helpfulness', more: 'More filters', scoreName: 'Score name', scoreMin: 'Score ≥', metaKey: 'Metadata key', metaValue: 'Metadata value', unknown: 'unknown', input: 'Input cost', output: 'Output cost' } },
  { lang: 'ko' as const, locale: 'ko-KR', words: { columns: '열', scores: '점수', scoreOf: '점수: helpfulness', more: '필터 더 보기', scoreName: '점수 이름', scoreMin: '점수 ≥', metaKey: '메타데이터 키', metaValue: '메타데이터 값', unknown: '알 수 없음', input: '입력 비용', output: '출력 비용' } },
])('scores and costs in the browser ($lang)', { timeout: E2E_TIMEOUTS.test }, ({ lang, locale, words }) => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale });
    await seed(e2e.url);
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('trace list: the optional Scores column, unknown and partial costs, and the new filters in the URL', async () => {
    const { page } = e2e;
    await page.goto('/traces');
    await settle(page);
    await poll(() => page.locator('[data-testid="trace-table"] tbody tr').count()).toBe(3);
    // The default columns are unchanged: no Scores column until chosen.
    expect(await page.locator('[data-testid="trace-table"] thead').innerText()).not.toContain(words.scores);
    expect(await row(page, 'sc-unpriced').innerText()).toContain(words.unknown);
    expect(await row(page, 'sc-unpriced').innerText()).not.toContain('$0');
    expect(await row(page, 'sc-partial').innerText()).toMatch(/≥ \$0\.0\d+/);
    await page.getByRole('button', { name: words.columns, exact: true }).click();
    await page.locator('.menu label', { hasText: new RegExp(`^${words.scores}$`) }).locator('input').check();
    await poll(() => page.locator('[data-testid="trace-table"] thead').innerText()).toContain(words.scores);
    await poll(() => row(page, 'sc-priced').locator('.score-badge').count()).toBe(2);
    expect(await row(page, 'sc-priced').locator('[data-score="helpfulness"]').innerText()).toMatch(/helpfulness\s+0\.90/);
    expect(await row(page, 'sc-unpriced').locator('[data-score="helpfulness"]').getAttribute('class')).toContain('badge-bad');
    // An evaluation name as a column of its own: its mean score per row.
    await page.locator('.menu label', { hasText: words.scoreOf }).locator('input').check();
    await poll(() => page.locator('[data-testid="trace-table"] thead th').last().innerText()).toBe('helpfulness');
    await poll(() => row(page, 'sc-priced').locator('td').last().innerText()).toBe('0.90');
    expect(await row(page, 'sc-partial').locator('td').last().innerText()).toBe('');
    await page.getByRole('button', { name: words.columns, exact: true }).click(); // closes the menu
    await screenshot(page, `scores-list-${lang}`);

    await page.getByRole('button', { name: words.more }).click();
    await page.getByLabel(words.scoreName).fill('helpfulness');
    await page.getByLabel(words.scoreName).press('Enter');
    await page.waitForURL(/score_name=helpfulness/);
    await page.getByLabel(words.scoreMin).fill('0.5');
    await page.getByLabel(words.scoreMin).press('Enter');
    await page.waitForURL(/score_min=0\.5/);
    await poll(() => page.locator('[data-testid="trace-table"] tbody tr').count()).toBe(1);
    expect(await row(page, 'sc-priced').count()).toBe(1);
    await screenshot(page, `scores-filter-${lang}`);
    // The filters live in the URL: a reload keeps them.
    await page.reload();
    await settle(page);
    await poll(() => page.locator('[data-testid="trace-table"] tbody tr').count()).toBe(1);
    expect(await page.getByLabel(words.scoreName).inputValue()).toBe('helpfulness');

    await page.goto(`/traces?metadata_key=${encodeURIComponent('app.tier')}&metadata_value=gold`);
    await settle(page);
    await poll(() => page.locator('[data-testid="trace-table"] tbody tr').count()).toBe(1);
    expect(await page.getByLabel(words.metaKey).inputValue()).toBe('app.tier');
    expect(await page.getByLabel(words.metaValue).inputValue()).toBe('gold');
    await page.goto('/traces?latency_min=1000&cost_max=0');
    await settle(page);
    await poll(() => page.locator('[data-testid="trace-table"] tbody tr').count()).toBe(0);
    await page.goto('/traces?tokens_min=1000');
    await settle(page);
    await poll(() => page.locator('[data-testid="trace-table"] tbody tr').count()).toBe(2);
    expect(await rawKeysOnPage(page)).toEqual([]);
    expect(await otherLanguageTexts(page, lang)).toEqual([]);
  });

  it('trace detail: scores in the header and on spans, unknown cost, input and output cost of a priced span', async () => {
    const { page } = e2e;
    await page.goto('/traces/sc-unpriced');
    await settle(page);
    const summary = page.locator('[data-testid="trace-summary"]');
    await poll(() => summary.innerText()).toContain(words.unknown);
    expect(await page.locator('[data-testid="trace-scores"] [data-score="helpfulness"]').innerText()).toMatch(/helpfulness\s+0\.20/);
    await poll(() => page.locator('[data-testid="span-detail"]').innerText()).toContain(words.unknown);
    await screenshot(page, `scores-unknown-cost-${lang}`);

    await page.goto('/traces/sc-partial?span=draft');
    await settle(page);
    await poll(() => summary.innerText()).toMatch(/≥ \$0\.0\d+/);
    const draft = page.locator('[role="treeitem"][data-span-id="draft"]');
    await poll(() => draft.locator('[data-score="tone"]').innerText()).toMatch(/tone\s+✓1 ✗0/);
    expect(await page.locator('[role="treeitem"][data-span-id="plan"] .score-badge').count()).toBe(0);
    await screenshot(page, `scores-span-badges-${lang}`);

    await page.goto('/traces/sc-priced');
    await settle(page);
    expect(await page.locator('[data-testid="trace-scores"] .score-badge').count()).toBe(2);
    const detail = page.locator('[data-testid="span-detail"]');
    await poll(() => detail.innerText()).toContain(words.input);
    const text = await detail.innerText();
    expect(text).toContain('$0.003000'); // 1,200 input tokens of gpt-4o at $2.50 per million
    expect(text).toContain(words.output);
    expect(text).toContain('$0.003000'); // 300 output tokens at $10 per million
    await screenshot(page, `scores-cost-split-${lang}`);
    expect(await rawKeysOnPage(page)).toEqual([]);
    expect(await otherLanguageTexts(page, lang)).toEqual([]);
  });
});

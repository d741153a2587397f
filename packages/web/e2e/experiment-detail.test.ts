/**
 * The experiment detail page and the missing-page explanation in a real browser, in English and
 * Korean: labelled run fields (no snake_case keys, no JSON) with links to the server's dataset and
 * prompt versions; items with output and expected value side by side and each evaluator's reasoning
 * as text; an evaluator-only error shown as such, never as "failed"; the failed/errored filter; a
 * missing trace or run explained with links back and no retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, E2E_TIMEOUTS, type E2E, otherLanguageTexts, poll, rawKeysOnPage, screenshot, signIn, startE2E } from './harness.js';

const SHA = 'a'.repeat(64);
const PROMPT_SHA = 'b'.repeat(64);
const comment = (reasoning: string, passed: string[], failed: string[], suggestions: string[] = []) => ({ passed_items: passed, failed_items: failed, reasoning, suggestions });
const ok = (score: number, passed: boolean, reasoning: string, p: string[], f: string[], s: string[] = []) => ({ score, passed, status: 'ok', comment: comment(reasoning, p, f, s), threshold: 1 });

const ITEMS = [
  {
    key: 'q-pass#1', item_id: 'q-pass', status: 'ok', passed: true, score: 1,
    scores: { keywords: ok(1, true, '2 of 2 expected keywords appear in the output.', ['refund', 'days'], []), judge: ok(0.9, true, 'Polite and correct.', [], []) },
    input: { question: 'How long do refunds take?' }, output: 'A refund takes 7 days.', expected: { keywords: ['refund', 'days'] }, latency_ms: 120,
  },
  {
    key: 'q-fail#1', item_id: 'q-fail', status: 'ok', passed: false, score: 0.5,
    scores: {
      keywords: ok(0.5, false, '1 of 2 expected keywords appear in the output; missing: warranty.', ['repair'], ['warranty'], ['Make the prompt ask for "warranty".']),
      judge: ok(1, true, 'Fine.', [], []),
    },
    input: { question: 'Is repair covered?' }, output: 'We repair it for free.', expected: { keywords: ['repair', 'warranty'] }, latency_ms: 140,
  },
  {
    key: 'q-evaluator-error#1', item_id: 'q-evaluator-error', status: 'ok', passed: false, score: 0.5,
    scores: {
      keywords: ok(1, true, '1 of 1 expected keywords appear in the output.', ['store'], []),
      judge: { score: null, passed: false, status: 'error', comment: comment('The evaluator failed: judge answered no JSON', [], ['judge answered no JSON']) },
    },
    input: { question: 'Where is the store?' }, output: 'The store is downtown.', expected: { keywords: ['store'] }, latency_ms: 160,
  },
  {
    key: 'q-model-error#1', item_id: 'q-model-error', status: 'error', passed: false, score: 0, scores: {},
    input: { question: 'Opening hours?' }, output: null, expected: { keywords: ['9'] }, error: 'The model call failed: HTTP 503', latency_ms: null,
  },
];

/** A trace with an experiment evaluator's structured comment (label skipped) and a plain API eval. */
async function seedTraceEvals(url: string) {
  const start = new Date(Date.now() - 60_000).toISOString();
  const must = async (route: string, body: unknown) => {
    const res = await api(url, 'POST', route, body);
    if (res.status >= 300 && res.status !== 207) throw new Error(`${route}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  await must('/ingest/traces', { trace: { trace_id: 'evals-trace', name: 'graded', status: 'success', start_time: start, end_time: new Date().toISOString() } });
  await must('/evals', {
    evals: [
      {
        trace_id: 'evals-trace', eval_name: 'keywords', score: null, passed: null, label: 'skipped', source: 'experiment',
        comment: comment('기대 키워드가 없습니다.', [], ['warranty'], ['프롬프트를 고치세요.']), idempotency_key: 'e2e-eval-1',
      },
    ],
  });
}

async function seedRun(url: string) {
  const res = await api(url, 'POST', '/experiments', {
    run: {
      run_id: 'detail-run', name: 'support answers', status: 'completed',
      dataset_name: 'support-set', dataset_version: '2', dataset_sha256: SHA,
      model_name: 'gpt-4o-mini', model_version: '2024-07-18', provider: 'openai',
      prompt_name: 'support', prompt_version: '3',
      git_commit: '0123456789abcdef0123456789abcdef01234567', git_branch: 'main', pipeline_version: 'pipe-42',
      started_at: '2026-02-07T10:00:00Z', finished_at: '2026-02-07T10:01:30Z',
      summary: { items: 4, passed: 1, failed: 3, errors: 2, pass_rate: 0.25, mean_score: 0.5, cost: 0.0123, tokens: { input: 1200, output: 340 } },
      config: {
        evaluators: [
          { type: 'keywords', name: 'keywords', weight: 1, threshold: 1, options: {} },
          { type: 'llm_judge', name: 'judge', weight: 2, threshold: 0.7, options: {} },
        ],
        repetitions: 1, trackers: ['tracehub', 'mlflow'], prompt_label: 'production', prompt_content_hash: PROMPT_SHA, dataset_source: 'server',
        parameters: { temperature: 0 },
      },
    },
    items: ITEMS,
  });
  if (res.status >= 300) throw new Error(`/experiments: ${res.status} ${JSON.stringify(res.body)}`);
}

describe('experiment detail and missing pages in the browser', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    await seedRun(e2e.url);
    await seedTraceEvals(e2e.url);
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  const row = (key: string) => e2e.page.locator(`tr[data-item="${key}"]`);

  it('shows the run as labelled fields with links to the dataset and prompt versions', async () => {
    const { page } = e2e;
    await page.goto('/experiments/detail-run');
    const facts = page.locator('[data-testid="experiment-facts"]');
    await poll(() => facts.innerText()).toContain('support-set@version 2');
    const text = await facts.innerText();
    for (const expected of ['Dataset', SHA, 'Prompt', 'support@production (version 3)', PROMPT_SHA, 'gpt-4o-mini', 'Model version', '2024-07-18', 'Evaluators', 'llm_judge', 'threshold 0.7', 'weight 2', 'Git commit', '0123456789ab', 'on branch main', 'Pipeline version', 'pipe-42', 'Trackers', 'tracehub, mlflow', 'Duration', '1 m 30 s', '4 items: 1 passed, 3 failed', 'Items with errors', '25.0 %', '$0.0123', '1,200 in / 340 out', 'temperature 0']) {
      expect(text).toContain(expected);
    }
    expect(await facts.locator('a[href="/datasets/support-set?version=2"]').count()).toBe(1);
    expect(await facts.locator('a[href="/prompts/support?version=3"]').count()).toBe(1);
    const body = await page.locator('body').innerText();
    for (const raw of ['dataset_name', 'prompt_version', 'git_commit', 'pipeline_version', 'passed_items', 'mean_score', '{"']) expect(body).not.toContain(raw);
    expect(await rawKeysOnPage(page)).toEqual([]);
  });

  it('shows an evaluator-only error as an evaluator error, not a failure, and a model error as such', async () => {
    await poll(() => row('q-evaluator-error#1').locator('.outcome-cell').innerText()).toBe('Evaluator error');
    expect(await row('q-fail#1').locator('.outcome-cell').innerText()).toBe('Failed');
    expect(await row('q-pass#1').locator('.outcome-cell').innerText()).toBe('Passed');
    expect(await row('q-model-error#1').locator('.outcome-cell').innerText()).toBe('Model error');
  });

  it('opens an item: input, output and expected side by side, each evaluator with its reasoning as text', async () => {
    const { page } = e2e;
    await row('q-fail#1').getByRole('button', { name: 'Details' }).click();
    const detail = page.locator('[data-testid="item-detail"]');
    const grid = detail.locator('.io-grid > *');
    await poll(() => grid.count()).toBe(3);
    const boxes = await grid.evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect().top));
    expect(new Set(boxes).size).toBe(1); // side by side at 1440 px
    const text = await detail.innerText();
    for (const expected of ['Is repair covered?', 'We repair it for free.', 'warranty', '1 of 2 expected keywords appear in the output; missing: warranty.', 'Failed checks', 'Passed checks', 'Suggestions', 'Make the prompt ask for "warranty".', 'score 0.500']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('failed_items');
    await screenshot(page, 'experiment-detail');
    await row('q-evaluator-error#1').getByRole('button', { name: 'Details' }).click();
    const judge = page.locator('[data-testid="item-detail"] [data-evaluator="judge"]');
    await poll(() => judge.innerText()).toContain('The evaluator failed: judge answered no JSON');
    expect(await judge.locator('.badge').innerText()).toBe('error');
  });

  it('filters to failed and errored items', async () => {
    const { page } = e2e;
    await page.getByLabel('Only failed or errored items').check();
    await poll(() => page.locator('tr[data-item]').count()).toBe(3);
    expect(await row('q-pass#1').count()).toBe(0);
  });

  it('reads in Korean with no English left', async () => {
    const { page } = e2e;
    await page.evaluate(() => localStorage.setItem('tracehub.lang', 'ko'));
    await page.goto('/experiments/detail-run');
    const facts = page.locator('[data-testid="experiment-facts"]');
    await poll(() => facts.innerText()).toContain('support-set@버전 2');
    expect(await facts.innerText()).toContain('항목 4개: 통과 1, 실패 3');
    expect(await row('q-evaluator-error#1').locator('.outcome-cell').innerText()).toBe('평가자 오류');
    await row('q-evaluator-error#1').getByRole('button', { name: '자세히' }).click();
    await poll(() => page.locator('[data-testid="item-detail"]').innerText()).toContain('실패한 검사');
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    await screenshot(page, 'experiment-detail-ko');
  });

  it("shows a trace's evaluator comment as text with its label and source translated (ko)", async () => {
    const { page } = e2e;
    await page.evaluate(() => localStorage.setItem('tracehub.lang', 'ko'));
    await page.goto('/traces/evals-trace?tab=evals');
    const table = page.locator('[data-testid="evals"]');
    await poll(() => table.innerText()).toContain('건너뜀');
    expect(await table.innerText()).toContain('실험');
    await table.getByRole('button', { name: '자세히' }).click();
    const text = await page.locator('[data-testid="eval-comment"]').innerText();
    for (const expected of ['기대 키워드가 없습니다.', '실패한 검사', 'warranty', '개선 제안', '프롬프트를 고치세요.']) expect(text).toContain(expected);
    expect(text).not.toContain('failed_items');
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
  });

  for (const lang of ['en', 'ko'] as const) {
    it(`explains a missing trace and a missing run with links back and no retry (${lang})`, async () => {
      const { page } = e2e;
      await page.evaluate((l) => localStorage.setItem('tracehub.lang', l), lang);
      await page.goto('/traces/no-such-trace');
      const box = page.locator('[data-testid="not-found"]');
      await poll(() => box.innerText()).toContain(lang === 'en' ? 'This trace was not found' : '트레이스를 찾을 수 없습니다');
      const text = await box.innerText();
      expect(text).toContain(lang === 'en' ? 'ingestion is asynchronous' : '비동기 수집');
      expect(text).toContain(lang === 'en' ? 'another project' : '다른 프로젝트');
      expect(text).toContain(lang === 'en' ? 'retention period' : '보존 기간');
      expect(await box.locator('a[href="/traces"]').count()).toBe(1);
      expect(await box.locator('a[href="/traces?search=no-such-trace"]').count()).toBe(1);
      expect(await page.getByRole('button', { name: lang === 'en' ? 'Retry' : '다시 시도' }).count()).toBe(0);
      expect(await otherLanguageTexts(page, lang)).toEqual([]);
      await screenshot(page, `missing-trace-${lang}`);
      await box.locator('a[href="/traces?search=no-such-trace"]').click();
      await page.waitForURL((u) => u.pathname === '/traces' && u.searchParams.get('search') === 'no-such-trace');

      await page.goto('/experiments/no-such-run');
      await poll(() => box.innerText()).toContain(lang === 'en' ? 'This experiment run was not found' : '실험 실행을 찾을 수 없습니다');
      expect(await box.locator('a[href="/experiments"]').count()).toBe(1);
      expect(await box.innerText()).not.toContain(lang === 'en' ? 'ingestion' : '비동기');
    });
  }
});

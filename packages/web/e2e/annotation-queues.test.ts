/**
 * Annotation queues in a browser: 20 traces are queued in bulk from the trace list's current filter;
 * a reviewer works through the queue with the keyboard alone (digits choose, Enter submits, s skips
 * is shown, the judge's score and reasoning are on screen); the scores then appear on the traces
 * (source `human`), progress per reviewer is shown, and judge calibration's Cohen's kappa between the
 * judge and the reviewer matches a hand calculation; English and Korean without the other language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, adminApi, api, E2E_TIMEOUTS, otherLanguageTexts, poll, screenshot, signIn, startE2E, type E2E } from './harness.js';

const N = 20;
const traceId = (i: number) => `kbd-review-${String(i).padStart(2, '0')}`;
// The reviewer passes even traces and fails odd ones; tone: polite (1) for multiples of 3, else neutral (2).
const passes = (i: number) => i % 2 === 0;
const tone = (i: number) => (i % 3 === 0 ? 'polite' : 'neutral');
// The LLM judge (source `judge`, same name `correct`) passes traces 1–11 and fails 0 and 12–19.
const judgePasses = (i: number) => i >= 1 && i <= 11;

type EvalRow = { eval_name: string; source: string; passed: boolean | null; label: string | null };

describe('annotation queues', { timeout: 180_000 }, () => {
  let e2e: E2E;
  let queueId: string;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    const start = Date.now() - 60 * 60_000;
    for (let i = 0; i < N; i++) {
      const trace = {
        trace_id: traceId(i), name: 'kbd-review', status: 'success', environment: 'prod', input_text: `Question number ${i}`,
        output_text: `Answer number ${i}`, start_time: new Date(start + i * 1000).toISOString(),
      };
      expect((await api(e2e.url, 'POST', '/ingest/traces', { trace, spans: [] })).status).toBe(200);
    }
    expect((await api(e2e.url, 'POST', '/evals', {
      trace_id: traceId(0), eval_name: 'correct', source: 'judge', eval_model: 'judge-1', passed: false, score: 0,
      comment: { reasoning: 'The refund window is missing.', passed_items: [], failed_items: ['refund window'], suggestions: [] },
    })).status).toBeLessThan(300);
    const judged = Array.from({ length: N - 1 }, (_, k) => ({ trace_id: traceId(k + 1), eval_name: 'correct', source: 'judge', eval_model: 'judge-1', passed: judgePasses(k + 1) }));
    expect((await api(e2e.url, 'POST', '/evals', { evals: judged })).status).toBeLessThan(300);
    const created = await api(e2e.url, 'POST', '/annotation-queues', {
      name: 'keyboard review', score_definitions: [{ name: 'correct', type: 'boolean' }, { name: 'tone', type: 'categorical', labels: ['polite', 'neutral', 'rude'] }],
    });
    expect(created.status).toBe(201);
    queueId = (created.body as { id: string }).id;
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('queues the filtered trace list in bulk', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.url}/traces?name=kbd-review&sort=start_time:asc`);
    await page.getByRole('button', { name: 'Add filtered traces to queue' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to an annotation queue' });
    await dialog.locator('select[name="queue"]').selectOption({ label: 'keyboard review' });
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByText('20 added, 0 already queued.').waitFor();
    await poll(async () => ((await api(e2e.url, 'GET', `/annotation-queues/${queueId}`)).body as { items: number }).items).toBe(N);
  });

  it('a reviewer works through the 20 items with the keyboard alone', async () => {
    const { page } = e2e;
    await page.goto(`${e2e.url}/annotation-queues/${queueId}/review`);
    const item = page.locator('[data-testid="review-item"]');
    await page.locator('[data-testid="review-shortcuts"]').getByText('Enter: submit and go to the next item').waitFor();
    for (let i = 0; i < N; i++) {
      // The items come oldest first (the filter sorted ascending); wait for each before typing.
      await page.locator(`[data-testid="review-item"][data-trace-id="${traceId(i)}"]`).waitFor();
      await page.getByText(`You: ${i} reviewed, 0 skipped`).waitFor();
      if (i === 0) {
        const scores = await page.locator('[data-testid="existing-scores"]').innerText();
        expect(scores).toContain('correct');
        expect(scores.split('The refund window is missing.').length, 'the judge score is shown once').toBe(2);
        expect(await item.innerText()).toContain('Question number 0');
        expect(await otherLanguageTexts(page, 'en')).toEqual([]);
        await screenshot(page, 'annotation-review-en');
      }
      await page.keyboard.press(passes(i) ? '1' : '2');
      await page.keyboard.press(tone(i) === 'polite' ? '1' : '2');
      await page.keyboard.press('Enter');
    }
    await page.locator('[data-testid="review-done"]').waitFor();
    await page.getByText(`You: ${N} reviewed, 0 skipped`).waitFor();
  });

  it('the scores appear on the traces with source human, and progress per reviewer is shown', async () => {
    for (let i = 0; i < N; i++) {
      const detail = await api(e2e.url, 'GET', `/traces/${traceId(i)}`);
      const human = (detail.body as { evals: EvalRow[] }).evals.filter((e) => e.source === 'human');
      expect(human.map((e) => [e.eval_name, e.passed, e.label]).sort(), traceId(i)).toEqual([['correct', passes(i), null], ['tone', null, tone(i)]]);
    }
    const { page } = e2e;
    await page.goto(`${e2e.url}/traces/${traceId(1)}?tab=evals`);
    const evals = page.locator('[data-testid="evals"]');
    await evals.waitFor();
    await poll(async () => await evals.innerText()).toContain('person');
    expect(await evals.innerText()).toContain('neutral');
    await page.goto(`${e2e.url}/annotation-queues/${queueId}`);
    await page.getByText('20 of 20 items completed').waitFor();
    expect(await page.locator('[data-testid="reviewer-progress"]').innerText()).toMatch(/admin\s+20\s+0/);
  });

  it("judge calibration compares the judge with the reviewer: Cohen's kappa matches the hand calculation", async () => {
    // By hand: 20 pairs; both pass: 2,4,6,8,10 (5); both fail: 13,15,17,19 (4) → p_o = 9/20 = 0.45.
    // Judge passes 11 of 20, the reviewer 10 of 20 → p_e = 0.55·0.5 + 0.45·0.5 = 0.5; kappa = (0.45 − 0.5) / (1 − 0.5) = −0.1.
    let bothPass = 0;
    let bothFail = 0;
    for (let i = 0; i < N; i++) {
      if (judgePasses(i) && passes(i)) bothPass++;
      if (!judgePasses(i) && !passes(i)) bothFail++;
    }
    expect([bothPass, bothFail]).toEqual([5, 4]);
    const judgeShare = Array.from({ length: N }, (_, i) => i).filter(judgePasses).length / N;
    const humanShare = Array.from({ length: N }, (_, i) => i).filter(passes).length / N;
    const observed = (bothPass + bothFail) / N;
    const chance = judgeShare * humanShare + (1 - judgeShare) * (1 - humanShare);
    const kappa = (observed - chance) / (1 - chance);
    expect(kappa).toBeCloseTo(-0.1, 10);
    const agreement = await api(e2e.url, 'GET', '/evaluators/correct/agreement');
    expect(agreement.status).toBe(200);
    const body = agreement.body as { kind: string; pairs: number; observed_agreement: number; kappa: number };
    expect(body).toMatchObject({ kind: 'boolean', pairs: N });
    expect(body.observed_agreement).toBeCloseTo(observed, 10);
    expect(body.kappa).toBeCloseTo(kappa, 10);
  });

  it('reads in Korean', async () => {
    const { page } = e2e;
    await page.locator('[data-testid="language-switch"]').selectOption('ko');
    await page.getByText('항목 20개 중 20개 완료').waitFor();
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    await page.getByRole('link', { name: '검토 시작' }).click();
    await page.locator('[data-testid="review-done"]').getByText('이 큐에 검토할 항목이 더 없습니다.').waitFor();
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    await screenshot(page, 'annotation-review-ko');
  });

  it('a viewer sees the queue and its progress but cannot review, create queues or add traces', async () => {
    const { page } = e2e;
    const project = (await api(e2e.url, 'GET', '/auth/me')).body?.project_id as string;
    expect((await adminApi(e2e.url, 'POST', '/users', { username: 'vicky', password: 'viewer-password', memberships: [{ project_id: project, role: 'viewer' }] })).status).toBe(201);
    await page.context().clearCookies();
    await signIn(page, 'vicky', 'viewer-password');
    await page.goto(`${e2e.url}/annotation-queues/${queueId}`);
    await page.getByText('항목 20개 중 20개 완료').waitFor();
    await page.getByText('현재 역할로는 큐를 볼 수만 있고 검토하거나 점수를 매길 수 없습니다.').waitFor();
    expect(await page.getByRole('link', { name: '검토 시작' }).count()).toBe(0);
    await page.goto(`${e2e.url}/annotation-queues`);
    await page.locator('[data-testid="annotation-queue"]').first().waitFor();
    expect(await page.locator('[data-testid="create-queue"]').count()).toBe(0);
    await page.goto(`${e2e.url}/traces/${traceId(0)}`);
    await page.locator('[data-testid="span-tree"]').or(page.locator('[data-testid="user-chip"]')).first().waitFor();
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: '큐에 추가' }).count()).toBe(0);
  });
});

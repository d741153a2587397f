/**
 * The trace waterfall in a real browser (issue 15 items 1, 5 and 8): a decision made 42 minutes
 * after a 937 ms trace does not squash the real spans (measured bar widths), an open span is capped
 * at the trace's fitted end and marked, timestamps carry their zone, time to first token shows,
 * the axis zooms and pans by buttons, keys and Ctrl + wheel, duration labels are never clipped, and
 * a finished trace with open spans says so in English and Korean.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_EVENTS, SEED_TRACE } from '../../server/test/helpers.js';
import { ADMIN_PASSWORD, api, E2E_TIMEOUTS, type E2E, poll, screenshot, signIn, startE2E } from './harness.js';

const LATE = 'waterfall-late-decision';
const OPEN = 'waterfall-open-span';
const MIN = 60_000;

async function seed(url: string): Promise<void> {
  const must = async (route: string, body: unknown) => {
    const res = await api(url, 'POST', route, body);
    if (res.status >= 300 && res.status !== 207) throw new Error(`${route}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  // A 937 ms trace 42 minutes ago; the decision below is recorded now, as /decide does.
  const t0 = Date.now() - 42 * MIN;
  const at = (ms: number) => new Date(t0 + ms).toISOString();
  await must('/ingest/traces', {
    trace: { trace_id: LATE, name: 'late-decision', status: 'success', start_time: at(0), end_time: at(937), input_text: 'my phone is 010-1234-5678' },
    spans: [
      { span_id: 'root', name: 'answer', span_type: 'chain', status: 'success', start_time: at(0), end_time: at(937) },
      { span_id: 'retrieve', parent_span_id: 'root', name: 'retrieve', span_type: 'retriever', status: 'success', start_time: at(12), end_time: at(190) },
      {
        span_id: 'generate',
        parent_span_id: 'root',
        name: 'generate',
        span_type: 'llm',
        status: 'success',
        start_time: at(205),
        end_time: at(930),
        model: 'gpt-4.1-mini',
        attributes: { 'llm.stream': true, 'llm.time_to_first_chunk_ms': 180 },
      },
    ],
  });
  await must('/decide', { trace_id: LATE, request_payload: { text: 'my phone is 010-1234-5678' }, response_payload: { text: 'ok' }, idempotency_key: 'waterfall-decide' });

  // The README tour's trace: an open span from 2026-02-07 with two events, then a decision today.
  await must('/ingest/traces', SEED_TRACE);
  await must('/ingest/spans', SEED_EVENTS);
  await must('/decide', { trace_id: SEED_TRACE.trace.trace_id, request_payload: { text: 'hello' }, response_payload: { text: '답변' }, idempotency_key: 'waterfall-tour' });

  // A trace marked success whose child never ended: the axis ends with the root's end.
  const t1 = Date.now() - 5 * MIN;
  const at1 = (ms: number) => new Date(t1 + ms).toISOString();
  await must('/ingest/traces', {
    trace: { trace_id: OPEN, name: 'open-span', status: 'success', start_time: at1(0), end_time: at1(500) },
    spans: [
      { span_id: 'open-root', name: 'agent', span_type: 'chain', status: 'success', start_time: at1(0), end_time: at1(500) },
      { span_id: 'open-tool', parent_span_id: 'open-root', name: 'slow-tool', span_type: 'tool', start_time: at1(100) },
    ],
  });
}

const box = async (locator: Locator) => {
  const b = await locator.boundingBox();
  if (!b) throw new Error('element not visible');
  return b;
};
const row = (page: Page, spanId: string) => page.locator(`.span-row[data-span-id="${spanId}"]`);
const bar = (page: Page, spanId: string) => row(page, spanId).locator('.span-bar');

/** Every duration label lies inside its bar cell (none clipped). */
async function labelsInside(page: Page): Promise<string[]> {
  const problems: string[] = [];
  for (const r of await page.locator('.span-row[data-span-id]').all()) {
    const cell = await box(r.locator('.span-bar-cell'));
    const label = await box(r.locator('.span-duration'));
    if (label.x < cell.x - 0.5 || label.x + label.width > cell.x + cell.width + 0.5) problems.push(`${await r.getAttribute('data-span-id')}: ${JSON.stringify({ cell, label })}`);
  }
  return problems;
}

describe('trace waterfall (browser, Asia/Seoul)', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    const cdp = await e2e.context.newCDPSession(e2e.page);
    await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Seoul' });
    await seed(e2e.url);
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('a decision made 42 minutes later sits after an axis break; the real spans keep readable widths', async () => {
    const { page } = e2e;
    await page.goto(`/traces/${LATE}?tab=decisions`);
    await page.getByTestId('waterfall').waitFor();
    type Node = { span_id: string; name: string; children: Node[] };
    const detail = (await api(e2e.url, 'GET', `/traces/${LATE}`)).body as { spans: Node[] };
    const decision = detail.spans.flatMap((s) => [s, ...s.children]).find((s) => s.name === 'decision');
    expect(decision, 'the /decide call records a decision span').toBeTruthy();

    const breaks = page.getByTestId('axis-break');
    await poll(() => breaks.count()).toBe(1);
    expect(await breaks.innerText()).toMatch(/4[12] m/);
    const cell = await box(row(page, 'generate').locator('.span-bar-cell'));
    const generate = await box(bar(page, 'generate'));
    const retrieve = await box(bar(page, 'retrieve'));
    const root = await box(bar(page, 'root'));
    const decided = await box(bar(page, (decision as Node).span_id));
    // 725 of 937 ms: well over half the axis, not the 1 px the unbroken 42-minute axis gave it.
    expect(generate.width / cell.width).toBeGreaterThan(0.55);
    expect(retrieve.width / cell.width).toBeGreaterThan(0.12);
    expect(root.width / cell.width).toBeGreaterThan(0.75);
    // The decision sits after the break, visible, at the right.
    expect(decided.x).toBeGreaterThan(root.x + root.width);
    expect(decided.width).toBeGreaterThanOrEqual(2);
    expect(decided.x + decided.width).toBeLessThanOrEqual(cell.x + cell.width + 1);
    expect(await labelsInside(page)).toEqual([]);
    await screenshot(page, 'waterfall-late-decision');
  });

  it("the README tour's trace: its open span keeps its width up to its last event, the decision months later sits after a break", async () => {
    const { page } = e2e;
    await page.goto(`/traces/${SEED_TRACE.trace.trace_id}`);
    await page.getByTestId('waterfall').waitFor();
    await poll(() => page.getByTestId('axis-break').count()).toBe(1);
    expect(await page.getByTestId('axis-break').innerText()).toMatch(/\d+ d \d+ h/);
    const rootId = SEED_TRACE.spans[0].span_id;
    const cell = await box(row(page, rootId).locator('.span-bar-cell'));
    const open = bar(page, rootId);
    expect(await open.getAttribute('data-open')).toBe('true');
    expect((await box(open)).width / cell.width).toBeGreaterThan(0.5);
    const judge = page.locator('.span-row[data-span-id]').filter({ hasText: 'decision' }).locator('.span-bar');
    expect((await box(judge)).x).toBeGreaterThan((await box(open)).x + (await box(open)).width);
    expect(await labelsInside(page)).toEqual([]);
    await screenshot(page, 'waterfall-readme-tour');
  });

  it('timestamps carry their zone; time to first token shows on the LLM span', async () => {
    const { page } = e2e;
    await page.goto(`/traces/${LATE}?span=generate`);
    await page.getByTestId('waterfall').waitFor();
    expect(await page.getByTestId('trace-summary').innerText()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} UTC\+09:00/);
    expect(await page.getByTestId('axis-origin').innerText()).toContain('UTC+09:00');
    const spanDetail = page.getByTestId('span-detail');
    expect(await spanDetail.innerText()).toContain('UTC+09:00');
    expect(await spanDetail.innerText()).toMatch(/Time to first token\s+180 ms/);
    expect(await row(page, 'generate').getByTestId('ttft-mark').count()).toBe(1);
    await page.getByRole('tab', { name: /Decisions/ }).click();
    // The tab's content replaces the timeline after the click: wait for it.
    await poll(() => page.locator('.card').last().innerText()).toContain('UTC+09:00');
  });

  it('zooms and pans with the buttons, the keyboard and Ctrl + wheel', async () => {
    const { page } = e2e;
    await page.goto(`/traces/${LATE}`);
    await page.getByTestId('waterfall').waitFor();
    const zoom = page.getByTestId('axis-zoom');
    expect(await zoom.innerText()).toBe('Zoom ×1');
    const before = await box(bar(page, 'generate'));
    await page.getByRole('button', { name: 'Zoom in' }).click();
    expect(await zoom.innerText()).toBe('Zoom ×2');
    const zoomed = await box(bar(page, 'generate'));
    expect(zoomed.width).toBeGreaterThan(before.width * 1.2);
    // Keys work while the span tree has focus: + zooms, Shift + → pans, 0 fits.
    await row(page, 'retrieve').focus();
    await page.keyboard.press('+');
    expect(await zoom.innerText()).toBe('Zoom ×4');
    const left = (await box(bar(page, 'generate'))).x;
    await page.keyboard.press('Shift+ArrowRight');
    await poll(async () => (await box(bar(page, 'generate'))).x).toBeLessThan(left - 10);
    await page.keyboard.press('0');
    expect(await zoom.innerText()).toBe('Zoom ×1');
    // Ctrl + wheel over the waterfall zooms at the pointer.
    const cell = await box(row(page, 'generate').locator('.span-bar-cell'));
    await page.mouse.move(cell.x + cell.width * 0.3, cell.y + cell.height / 2);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -120);
    await page.keyboard.up('Control');
    await poll(() => zoom.innerText()).toBe('Zoom ×2');
    await page.getByRole('button', { name: 'Fit to trace' }).click();
    expect(await zoom.innerText()).toBe('Zoom ×1');
  });

  it('an open span is capped at the fitted end and marked; the header says the trace disagrees with it', async () => {
    const { page } = e2e;
    await page.goto(`/traces/${OPEN}`);
    await page.getByTestId('waterfall').waitFor();
    const warning = page.getByTestId('open-spans-warning');
    expect(await warning.innerText()).toContain('This trace is marked Success, yet 1 of its spans never ended');
    const open = bar(page, 'open-tool');
    expect(await open.getAttribute('data-open')).toBe('true');
    const root = await box(bar(page, 'open-root'));
    const capped = await box(open);
    // Capped where the trace's known work ends (the root's end), not stretched to now.
    expect(Math.abs(capped.x + capped.width - (root.x + root.width))).toBeLessThan(3);
    expect(capped.x).toBeGreaterThan(root.x + root.width * 0.15);
    expect(await row(page, 'open-tool').locator('.span-duration').innerText()).toBe('open');
    expect(await labelsInside(page)).toEqual([]);
    await screenshot(page, 'waterfall-open-span');

    await page.getByTestId('language-switch').selectOption('ko');
    await poll(() => warning.innerText()).toContain('이 트레이스의 상태는 성공이지만 스팬 1개가 끝나지 않았습니다');
    expect(await row(page, 'open-tool').locator('.span-duration').innerText()).toBe('열림');
    expect(await page.getByTestId('axis-zoom').innerText()).toBe('확대 ×1');
    await screenshot(page, 'waterfall-open-span-ko');
    await page.getByTestId('language-switch').selectOption('en');
  });

  it('at phone width the waterfall fits its card and its toolbar wraps', async () => {
    const { page } = e2e;
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`/traces/${LATE}`);
      await page.getByTestId('waterfall').waitFor();
      const waterfall = await box(page.getByTestId('waterfall'));
      const toolbar = await box(page.getByRole('toolbar'));
      expect(toolbar.x + toolbar.width).toBeLessThanOrEqual(waterfall.x + waterfall.width + 1);
      expect(await page.getByTestId('waterfall').evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      expect(await labelsInside(page)).toEqual([]);
      await screenshot(page, 'waterfall-phone');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  });
});

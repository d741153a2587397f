/**
 * The first views in a real browser (issue 15 items 2 and 5): after the README tour the dashboard's
 * traces, decisions and evaluations agree over one window, traces outside it are named with a way
 * to see them, experiment traces stay out until the switch is on; the trace list's default columns
 * fit at 1440, 1280 and 1024 px, the sessions page is compact, and a phone-width screen stacks the sidebar
 * above the content.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, E2E_TIMEOUTS, type E2E, poll, screenshot, signIn, startE2E } from './harness.js';
import { seedAll } from './fixtures.js';

const settle = async (page: Page) => {
  try {
    await page.locator('main h1').first().waitFor();
    await page.locator('main .loading').first().waitFor({ state: 'detached' });
  } catch (error) {
    await page.screenshot({ path: '/tmp/layout-dashboard-settle.png', fullPage: true });
    throw new Error(`still loading at ${page.url()}: ${String(error)}`);
  }
};

/** The value of the KPI card labelled `label`. */
const kpi = (page: Page, label: string) =>
  page.locator('.kpi', { has: page.locator('.kpi-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.kpi-value').innerText();

/** Experiment traces as the tracehub tracker sends them: environment and tag `experiment`, scores of source `experiment`. */
async function seedExperimentTraces(url: string): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const start = new Date(Date.now() - (i + 2) * 60_000);
    const traceId = `exp-item-${i}`;
    const trace = {
      trace_id: traceId, name: 'experiment-item', status: 'success', environment: 'experiment', tags: ['experiment', 'run:r1'],
      start_time: start.toISOString(), end_time: new Date(start.getTime() + 300).toISOString(),
    };
    expect((await api(url, 'POST', '/ingest/traces', { trace, spans: [] })).status).toBe(200);
    expect((await api(url, 'POST', '/evals', { trace_id: traceId, eval_name: 'keywords', passed: true, source: 'experiment' })).status).toBe(200);
  }
}

describe('first views: dashboard figures and layout (English browser)', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    // The README tour (traces dated 2026-02-07, their eval, a decision on the tour trace) and 30 recent traces.
    await seedAll(e2e.url, 30);
    // One recent evaluation and one recent decision, on recent traces.
    expect((await api(e2e.url, 'POST', '/evals', { trace_id: 'recent-000', eval_name: 'helpful', passed: false })).status).toBe(200);
    const decided = await api(e2e.url, 'POST', '/decide', { trace_id: 'recent-001', request_payload: { text: 'hello' }, response_payload: { text: 'hi' } });
    expect(decided.status).toBe(200);
    await seedExperimentTraces(e2e.url);
    // A trace with long values, as real ones have: a long name, a versioned model id, a long input.
    const start = new Date(Date.now() - 30_000);
    const long = {
      trace_id: 'long-values', name: 'customer-support-agent-with-retrieval-and-tools', status: 'success', environment: 'prod',
      model: 'anthropic.claude-3-5-sonnet-20241022-v2:0', start_time: start.toISOString(), end_time: new Date(start.getTime() + 1234).toISOString(),
      input_text: 'Please summarise the attached contract and list every clause about termination, liability and payment terms in detail. '.repeat(3),
    };
    expect((await api(e2e.url, 'POST', '/ingest/traces', { trace: long, spans: [] })).status).toBe(200);
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('dashboard: traces, decisions and evals over the same window; the tour’s older traces named with a link that widens', async () => {
    const { page } = e2e;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await settle(page);
    await poll(() => kpi(page, 'Traces')).toBe('32'); // 30 recent, the 1 MB payload trace and the long one; no experiment traces
    expect(await kpi(page, 'Decisions')).toBe('1'); // the recent trace's; the tour trace's decision counts with the tour trace
    expect(await kpi(page, 'Eval pass rate')).toMatch(/^0\.0\s?%$/); // recent-000's failed eval; the tour's eval counts with the tour trace
    expect(await page.locator('[data-testid="kpi-cards"]').innerText()).toContain('0 of 1 passed');
    const notice = page.locator('[data-testid="outside-notice"]');
    await poll(() => notice.innerText()).toMatch(/Traces outside this period under these filters: 2, the latest started 2026-02-07/);
    expect(await page.locator('.page-subtitle').innerText()).toContain('counted by the trace’s start time');
    await screenshot(page, 'dashboard-after-tour');
    await notice.getByRole('button', { name: 'Show the last 365 d' }).click();
    await page.waitForURL(/hours=8760/);
    await poll(() => kpi(page, 'Traces')).toBe('34'); // + the tour's trace and LangGraph run
    expect(await kpi(page, 'Decisions')).toBe('2');
    expect(await page.locator('[data-testid="kpi-cards"]').innerText()).toContain('1 of 2 passed');
    await poll(() => notice.count()).toBe(0);
  });

  it('dashboard: experiment traces and their scores are out by default and in with the switch; environment and name filters in the URL', async () => {
    const { page } = e2e;
    await page.goto('/?hours=1');
    await settle(page);
    await poll(() => kpi(page, 'Traces')).toBe('32');
    const overview = await api(e2e.url, 'GET', '/traces/stats/overview?last_hours=1');
    expect(overview.body).toMatchObject({ traces: { total: 32 }, filters: { include_experiments: false } });
    const toggle = page.getByRole('switch', { name: 'Include experiment traces' });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click();
    await page.waitForURL(/experiments=include/);
    await poll(() => toggle.isChecked()).toBe(true);
    await poll(() => kpi(page, 'Traces')).toBe('35');
    expect(await page.locator('[data-testid="kpi-cards"]').innerText()).toContain('3 of 4 passed');
    await screenshot(page, 'dashboard-with-experiments');
    await toggle.click();
    await page.waitForURL((u) => !u.search.includes('experiments'));
    await poll(() => kpi(page, 'Traces')).toBe('32');
    const name = page.locator('[data-testid="dashboard-filters"] input[name="name"]');
    await name.fill('chat-request');
    await name.press('Enter');
    await page.waitForURL(/name=chat-request/);
    await poll(() => kpi(page, 'Traces')).toBe('15');
    const environment = page.locator('[data-testid="dashboard-filters"] input[name="environment"]');
    await environment.fill('staging');
    await environment.press('Enter');
    await page.waitForURL(/environment=staging/);
    await poll(() => kpi(page, 'Traces')).toBe('0'); // odd i never has i % 4 === 0
    await page.reload();
    await settle(page);
    expect(await name.inputValue()).toBe('chat-request');
    expect(await environment.inputValue()).toBe('staging');
  });

  it('dashboard in Korean: the window rule, the outside note, the filters and the switch in Korean', async () => {
    const { page } = e2e;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await settle(page);
    await page.getByTestId('language-switch').selectOption('ko');
    try {
      const notice = page.locator('[data-testid="outside-notice"]');
      await poll(() => notice.innerText()).toMatch(/^이 필터로 이 기간 밖에서 시작한 트레이스: 2개, 가장 최근 시작 2026-02-07 10:00:00 UTC\. 최근 365일 보기$/);
      expect(await page.locator('.page-subtitle').innerText()).toContain('트레이스와 그 결정·평가는 트레이스 시작 시각으로 집계');
      expect(await page.locator('[data-testid="dashboard-filters"]').innerText()).toMatch(/환경\s+트레이스 이름\s+실험 트레이스 포함/);
      expect(await page.getByRole('switch', { name: '실험 트레이스 포함' }).isChecked()).toBe(false);
      await screenshot(page, 'dashboard-after-tour-ko');
    } finally {
      await page.getByTestId('language-switch').selectOption('en');
    }
  });

  for (const width of [1440, 1280, 1024]) {
    it(`trace list at ${width} px: every default column inside the list without horizontal scrolling, models on one line`, async () => {
      const { page } = e2e;
      await page.setViewportSize({ width, height: 900 });
      await page.goto('/traces');
      await settle(page);
      const rows = page.locator('[data-testid="trace-table"] tbody tr');
      await poll(() => rows.count()).toBe(20);
      const wrap = page.locator('.table-wrap').first();
      const box = await wrap.boundingBox();
      if (!box) throw new Error('no table box');
      expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
      const headers = page.locator('[data-testid="trace-table"] thead th');
      expect((await headers.allInnerTexts()).map((h) => h.replace(/ [↑↓]$/, ''))).toEqual(['Start', 'Name', 'Status', 'Input', 'Latency', 'Model', 'Tokens', 'Cost', 'Decision']);
      for (const header of await headers.all()) {
        const h = await header.boundingBox();
        if (!h) throw new Error('no header box');
        expect(h.x).toBeGreaterThanOrEqual(box.x - 0.5);
        expect(h.x + h.width).toBeLessThanOrEqual(Math.min(box.x + box.width, width) + 0.5);
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // One line per model (no wrapping onto three), the long one too.
      const modelCell = page.locator('[data-testid="trace-table"] tbody tr', { hasText: 'anthropic.claude' }).locator('td').nth(5);
      const lineHeight = await modelCell.evaluate((el) => Number.parseFloat(getComputedStyle(el).lineHeight));
      expect((await modelCell.boundingBox())?.height ?? 99).toBeLessThan(lineHeight * 2 + 16);
      await screenshot(page, `trace-list-${width}`);
    });
  }

  it('sessions: a one-line search box, users as a count with the first few and the whole list on expand', async () => {
    const { page } = e2e;
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/sessions');
    await settle(page);
    const search = page.getByRole('searchbox', { name: 'Search sessions' });
    expect((await search.boundingBox())?.height ?? 999).toBeLessThan(48);
    const row = page.locator('[data-testid="session-table"] tbody tr', { hasText: 'session-0' });
    const users = row.locator('details.session-users');
    await poll(() => users.locator('summary').innerText()).toMatch(/^5 users: user-\d, user-\d, user-\d …$/);
    await users.locator('summary').click();
    expect((await users.locator('li').allInnerTexts()).sort()).toEqual(['user-0', 'user-1', 'user-2', 'user-3', 'user-4']);
    await screenshot(page, 'sessions-users');
  });

  it('phone width (390 px): the sidebar stacks above the content, nothing overlaps and the page does not scroll sideways', async () => {
    const { page } = e2e;
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/', '/traces', '/sessions']) {
      await page.goto(path);
      await settle(page);
      const sidebar = await page.locator('nav.sidebar').boundingBox();
      const main = await page.locator('main.content').boundingBox();
      if (!sidebar || !main) throw new Error('no layout boxes');
      expect(sidebar.y + sidebar.height, path).toBeLessThanOrEqual(main.y + 0.5);
      expect(sidebar.width, path).toBeLessThanOrEqual(390);
      // No stripe of the wide layout's sidebar background runs through the content.
      expect(await page.locator('.shell').evaluate((el) => getComputedStyle(el).backgroundImage), path).toBe('none');
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
    }
    await page.goto('/');
    await settle(page);
    await screenshot(page, 'dashboard-390');
  });
});

/** The main pages in a real browser (English): dashboard, trace list and filters, detail, prompts, datasets, settings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, api, screenshot, signIn, startE2E, type E2E, E2E_TIMEOUTS, poll } from './harness.js';
import { BIG_TRACE_ID, seedAll, seedExperiments } from './fixtures.js';

const settle = async (e2e: E2E) => {
  await e2e.page.locator('main h1').first().waitFor();
  await e2e.page.locator('.loading').first().waitFor({ state: 'detached' });
};

describe('web UI pages (English browser)', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    await seedAll(e2e.url, 30);
    await seedExperiments(e2e.url);
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('dashboard: KPI cards, time series, models and the time range picker', async () => {
    const { page } = e2e;
    await page.goto('/');
    await settle(e2e);
    const kpis = page.locator('[data-testid="kpi-cards"]');
    await poll(() => kpis.innerText()).toContain('Error rate');
    const text = await kpis.innerText();
    for (const label of ['Traces', 'Latency p50', 'Latency p95', 'Tokens', 'Cost', 'Traces with open spans', 'Decisions', 'Eval pass rate', 'LangGraph runs']) expect(text).toContain(label);
    expect(text).toMatch(/\b3[0-9]\b/); // 30 recent traces (+ the big one) in the last 24 h
    expect(await page.locator('[data-testid="charts"] svg.recharts-surface').count()).toBeGreaterThanOrEqual(4);
    expect(await page.locator('[data-testid="model-table"]').innerText()).toContain('claude-sonnet');
    expect(await page.locator('[data-testid="span-type-table"]').innerText()).toMatch(/llm/);
    await screenshot(page, 'dashboard');
    await page.getByRole('button', { name: '7 d' }).click();
    await page.waitForURL(/hours=168/);
  });

  it('trace list: filters and sort live in the URL, pagination, chosen columns are remembered', async () => {
    const { page } = e2e;
    await page.goto('/traces');
    await settle(e2e);
    const rows = page.locator('[data-testid="trace-table"] tbody tr');
    await poll(() => rows.count()).toBe(20);
    await screenshot(page, 'trace-list');
    await page.getByLabel('Status').selectOption('error');
    await page.waitForURL(/status=error/);
    await poll(() => rows.count()).toBe(4);
    for (const text of await rows.allInnerTexts()) expect(text).toContain('Error');
    await page.getByRole('button', { name: 'More filters' }).click();
    await page.locator('input[name="model"]').fill('gpt-4.1');
    await page.locator('input[name="model"]').press('Enter');
    await page.waitForURL(/model=gpt-4.1/);
    await poll(() => rows.count()).toBe(1);
    // Reloading keeps every filter (they are search params).
    await page.reload();
    await settle(e2e);
    await poll(() => rows.count()).toBe(1);
    await page.getByRole('button', { name: 'Reset filters' }).click();
    await poll(() => page.url()).not.toContain('status=');
    await page.getByRole('button', { name: 'Sort by Latency' }).click();
    await page.waitForURL(/sort=latency_ms%3Adesc|sort=latency_ms:desc/);
    await page.getByRole('button', { name: /Next/ }).click();
    await page.waitForURL(/page=2/);
    await poll(() => rows.count()).toBeGreaterThan(0);
    // Columns: add Trace ID, reload, still there.
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('menu').getByLabel('Trace ID').check();
    await page.reload();
    await settle(e2e);
    expect(await page.locator('[data-testid="trace-table"] thead').innerText()).toContain('Trace ID');
  });

  it('trace list: j/k and arrows move the cursor, Enter opens the trace', async () => {
    const { page } = e2e;
    await page.goto('/traces?sort=start_time:desc');
    await settle(e2e);
    const rows = page.locator('[data-testid="trace-table"] tbody tr');
    await poll(() => rows.count()).toBe(20);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    expect(await rows.nth(2).getAttribute('aria-selected')).toBe('true');
    const link = await rows.nth(2).locator('a').first().getAttribute('href');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === link);
    await page.locator('[data-testid="span-tree"]').waitFor();
    await page.getByRole('link', { name: /Back to the list/ }).click();
    await page.waitForURL(/sort=start_time/);
  });

  it('trace detail: LangGraph node panel, collapse and expand, events timeline', async () => {
    const { page } = e2e;
    await page.goto('/traces/33333333-3333-3333-3333-333333333333');
    const tree = page.locator('[data-testid="span-tree"]');
    await tree.waitFor();
    expect(await tree.locator('[role="treeitem"]').count()).toBe(3);
    const panel = page.locator('[data-testid="langgraph-panel"]');
    expect(await panel.innerText()).toMatch(/planner[\s\S]*retrieval/);
    expect(await panel.innerText()).toContain('agent_router');
    await screenshot(page, 'trace-detail-langgraph');
    await tree.getByRole('button', { name: 'Collapse' }).first().click();
    expect(await tree.locator('[role="treeitem"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Expand all' }).click();
    expect(await tree.locator('[role="treeitem"]').count()).toBe(3);
    await panel.getByRole('button', { name: /retrieval/ }).first().click();
    await poll(() => page.locator('[data-testid="span-detail"]').innerText()).toContain('"docs": 5');
    await page.getByRole('tab', { name: /Timeline/ }).click();
    expect(await page.locator('[data-testid="timeline"] li').count()).toBeGreaterThanOrEqual(6);
  });

  it('trace detail: a 1 MB payload is cut with "show all", then scrolls virtualized without freezing', async () => {
    const { page } = e2e;
    const started = Date.now();
    await page.goto(`/traces/${BIG_TRACE_ID}`);
    const detail = page.locator('[data-testid="span-detail"]');
    await detail.getByRole('button', { name: /Show all/ }).waitFor();
    expect(Date.now() - started).toBeLessThan(5000);
    const shown = (await detail.locator('pre').first().innerText()).length;
    expect(shown).toBeLessThan(25_000);
    await detail.getByRole('button', { name: /Show all/ }).click();
    const virtual = detail.locator('[data-testid="virtual-text"]');
    await virtual.waitFor();
    expect((await virtual.innerText()).length).toBeLessThan(100_000); // only the visible window is in the DOM
    await virtual.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await poll(() => virtual.innerText()).toContain('"id": 8999');
  });

  it('add to dataset from a trace, then edit the expected value (a new version)', async () => {
    const { page } = e2e;
    await page.goto('/traces/11111111-1111-1111-1111-111111111111');
    await page.getByRole('button', { name: 'Add to dataset' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('input[name="dataset"]').fill('qa-set');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByRole('link', { name: 'Open the dataset' }).click();
    await page.waitForURL(/\/datasets\/qa-set/);
    const items = page.locator('[data-testid="dataset-items"]');
    await poll(() => items.innerText()).toContain('질문');
    await items.getByRole('button', { name: 'Edit expected' }).click();
    await items.locator('textarea').fill('모범 답변');
    await items.getByRole('button', { name: 'Save' }).click();
    await poll(() => items.innerText()).toContain('모범 답변');
    await screenshot(page, 'dataset');
    const stored = await api(e2e.url, 'GET', '/datasets/qa-set');
    expect(stored.body).toMatchObject({ version: { version: 2 }, items: [{ expected_output: '모범 답변' }] });
  });

  it('prompts: versions, side-by-side diff, promote a version to production', async () => {
    const { page } = e2e;
    await page.goto('/prompts');
    await page.getByRole('link', { name: 'qa' }).click();
    const diff = page.locator('[data-testid="prompt-diff"]');
    await diff.waitFor();
    expect(await diff.locator('.diff-del').count()).toBeGreaterThan(0);
    expect(await diff.locator('.diff-add').count()).toBeGreaterThan(0);
    const versions = page.locator('[data-testid="prompt-versions"]');
    await versions.getByRole('button', { name: 'v1' }).click();
    await page.getByLabel('Label', { exact: true }).fill('production');
    await page.getByRole('button', { name: 'Promote' }).click();
    await poll(() => versions.locator('tr[data-version="1"]').innerText()).toContain('production');
    await screenshot(page, 'prompt');
    const stored = await api(e2e.url, 'GET', '/prompts/qa?label=production');
    expect(stored.body).toMatchObject({ version: 1 });
  });

  it('settings: a new API key is shown once and can be revoked; users are created', async () => {
    const { page } = e2e;
    await page.goto('/settings/keys');
    await page.locator('input[name="key-name"]').fill('e2e-key');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.locator('.notice pre').innerText();
    expect(key).toMatch(/^th_/);
    expect((await fetch(`${e2e.url}/api/v1/traces`, { headers: { 'x-api-key': key } })).status).toBe(200);
    const row = page.locator('tr', { hasText: 'e2e-key' });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('button', { name: 'Revoke now' }).click();
    await poll(() => row.innerText()).toContain('Revoked');
    await page.reload();
    expect(await page.locator('.notice').count()).toBe(0); // shown once
    await page.getByRole('tab', { name: 'Users' }).click();
    await page.locator('input[name="new-username"]').fill('mina');
    await page.locator('input[name="new-password"]').fill('mina-password');
    await page.getByLabel('Role').first().selectOption('member');
    await page.getByRole('button', { name: 'Add user' }).click();
    await poll(() => page.locator('[data-testid="users"]').innerText()).toContain('mina');
    await screenshot(page, 'settings-users');
  });

  it('experiments: runs, one run’s items, and the comparison of two runs', async () => {
    const { page } = e2e;
    await page.goto('/experiments');
    const table = page.locator('[data-testid="experiment-table"]');
    await poll(() => table.locator('tbody tr').count()).toBe(2);
    await table.getByRole('link', { name: 'qa baseline' }).click();
    const items = page.locator('[data-testid="experiment-items"]');
    await poll(() => items.locator('tbody tr').count()).toBe(6);
    await page.getByLabel('Only failed or errored items').check();
    expect(await items.locator('tbody tr').count()).toBe(1);
    await page.goto('/experiments');
    await page.getByLabel('Select qa baseline for comparison').check();
    await page.getByLabel('Select qa shorter prompt for comparison').check();
    await page.getByRole('button', { name: 'Compare the two selected' }).click();
    await page.waitForURL(/experiments\/compare\?a=run-a&b=run-b/);
    await page.locator('[data-testid="compare-metrics"]').waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('Regressions (1)');
    expect(text).toContain('q3');
    await screenshot(page, 'experiment-compare');
  });
});

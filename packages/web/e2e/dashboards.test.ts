/**
 * Custom dashboards in a browser (Korean, then English): the sidebar opens the list; a new dashboard
 * gets a time-series widget of an application metric (seed 002's URLs collected, reported by a cron
 * job through `POST /api/v1/metrics/points`) that charts the points; the texts stay in one language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, api, E2E_TIMEOUTS, otherLanguageTexts, poll, screenshot, signIn, startE2E, type E2E } from './harness.js';

const DAY = 86_400_000;

/** Creates a dashboard through the UI with one time-series widget of `urls_collected`, summed per day. */
async function createMetricDashboard(page: Page, t: { new: string; create: string; add: string; sum: string; save: string }, name: string, title: string) {
  await page.getByRole('button', { name: t.new }).click();
  const create = page.locator('[data-testid="dashboard-create-form"]');
  await create.locator('input[name="name"]').fill(name);
  await create.getByRole('button', { name: t.create }).click();
  await page.waitForURL((u) => /^\/dashboards\/[^/]+$/.test(u.pathname) && u.searchParams.get('edit') === '1');
  await page.getByRole('button', { name: t.add }).click();
  const widget = page.locator('[data-testid="widget-editor"]').first();
  await widget.locator('input[name="widget-0-title"]').fill(title);
  await widget.locator('select[name="widget-0-kind"]').selectOption('timeseries');
  await widget.locator('select[name="widget-0-source"]').selectOption('metric');
  await widget.locator('input[name="widget-0-metric"]').fill('urls_collected');
  await widget.locator('select[name="widget-0-agg"]').selectOption({ label: t.sum });
  await widget.locator('input[name="widget-0-step"]').fill('1d');
  await page.getByRole('button', { name: t.save }).click();
  await page.locator('[data-testid="widget-chart"]').waitFor();
}

describe('custom dashboards page', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'ko-KR' });
    const now = Date.now();
    const points = [1, 2, 3].flatMap((d) => [
      { name: 'urls_collected', value: 10 * d, time: new Date(now - d * DAY).toISOString(), labels: { source: 'crawler' } },
      { name: 'urls_collected', value: d, time: new Date(now - d * DAY + 60_000).toISOString(), labels: { source: 'manual' } },
    ]);
    expect((await api(e2e.url, 'POST', '/metrics/points', points)).status).toBe(202);
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('creates a dashboard with a time series of an application metric in Korean', async () => {
    const { page } = e2e;
    await page.getByRole('link', { name: '사용자 대시보드' }).click();
    await page.waitForURL((u) => u.pathname === '/dashboards');
    await page.getByRole('heading', { name: '사용자 대시보드' }).waitFor();
    await createMetricDashboard(page, { new: '새 대시보드', create: '만들기', add: '위젯 추가', sum: '합계', save: '저장' }, '파이프라인 현황', '일별 수집 URL');
    const card = page.locator('[data-testid="widget"]').first();
    expect(await card.innerText()).toContain('일별 수집 URL');
    expect(await card.innerText()).toContain('urls_collected (합계)');
    expect(await page.locator('[data-testid="widget-chart"] .recharts-line-dots circle').count()).toBeGreaterThanOrEqual(3);
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    await screenshot(page, 'dashboards-metric-ko');
    await poll(async () => ((await api(e2e.url, 'GET', '/dashboards')).body?.items as unknown[] | undefined)?.length ?? 0).toBe(1);
    const [saved] = ((await api(e2e.url, 'GET', '/dashboards')).body?.items ?? []) as { name: string; widgets: unknown[] }[];
    expect(saved).toMatchObject({ name: '파이프라인 현황', widgets: [{ kind: 'timeseries', source: 'metric', step: '1d', metric: { name: 'urls_collected', agg: 'sum', labels: {} } }] });
  });

  it('creates one in English and lists both', async () => {
    const { page } = e2e;
    await page.goto('/dashboards');
    await page.locator('[data-testid="language-switch"]').selectOption('en');
    await page.getByRole('heading', { name: 'Custom dashboards' }).waitFor();
    await createMetricDashboard(page, { new: 'New dashboard', create: 'Create', add: 'Add widget', sum: 'Sum', save: 'Save' }, 'Pipeline', 'URLs collected per day');
    expect(await page.locator('[data-testid="widget"]').first().innerText()).toContain('urls_collected (Sum)');
    expect(await otherLanguageTexts(page, 'en')).toEqual([]);
    await screenshot(page, 'dashboards-metric-en');
    await page.getByRole('link', { name: 'All dashboards' }).click();
    await page.locator('[data-testid="dashboard-list"]').waitFor();
    // The cached list may show first while the list is fetched again after the create.
    await poll(() => page.locator('[data-testid="dashboard-list"] li').count()).toBe(2);
    await page.locator('[data-testid="language-switch"]').selectOption('ko');
  });
});

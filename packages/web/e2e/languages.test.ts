/** Every page in Korean and in English: the language switch works and no raw translation key is ever shown. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_TRACE } from '../../server/test/helpers.js';
import { ADMIN_PASSWORD, api, otherLanguageTexts, rawKeysOnPage, screenshot, signIn, startE2E, type E2E, E2E_TIMEOUTS, poll } from './harness.js';
import { seedAll, seedExperiments } from './fixtures.js';

const PAGES: Array<[string, string]> = [
  ['/', 'dashboard'],
  ['/traces', 'traces'],
  [`/traces/${SEED_TRACE.trace.trace_id}`, 'trace'],
  ['/traces/33333333-3333-3333-3333-333333333333', 'langgraph'],
  ['/sessions', 'sessions'],
  ['/sessions/s-1', 'session'],
  ['/cases?status=all', 'cases'],
  ['/policies', 'policies'],
  ['/prompts', 'prompts'],
  ['/prompts/qa', 'prompt'],
  ['/datasets', 'datasets'],
  ['/miss-queries?hours=720', 'miss-queries'],
  ['/experiments', 'experiments'],
  ['/experiments/run-a', 'experiment'],
  ['/experiments/compare?a=run-a&b=run-b', 'experiment-compare'],
  ['/experiments/matrix?runs=run-a,run-b,run-a', 'experiment-matrix'],
  ['/settings/keys', 'settings-keys'],
  ['/settings/users', 'settings-users'],
  ['/settings/projects', 'settings-projects'],
  ['/no-such-page', 'not-found'],
  ['/traces/no-such-trace', 'missing-trace'],
  ['/cases/no-such-case', 'missing-case'],
];

describe('languages', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  let caseId = '';
  let policyId = '';
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    await seedAll(e2e.url, 5);
    await seedExperiments(e2e.url);
    caseId = ((await api(e2e.url, 'GET', '/cases')).body as { items: Array<{ case_id: string }> }).items[0].case_id;
    policyId = ((await api(e2e.url, 'GET', '/policies')).body as { items: Array<{ policy_id: string }> }).items[0].policy_id;
    await api(e2e.url, 'POST', '/datasets/qa-set/items', { items: [{ id: 'a', input: { q: '질문' }, expected_output: '답변' }] });
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  const visitAll = async (lang: 'en' | 'ko') => {
    const { page } = e2e;
    const pages = [...PAGES, [`/cases/${caseId}`, 'case'], [`/policies/${policyId}`, 'policy'], ['/datasets/qa-set', 'dataset']] as Array<[string, string]>;
    const problems: string[] = [];
    for (const [path, name] of pages) {
      await page.goto(path);
      await page.locator('main h1, main .empty-state h3, main .error-state').first().waitFor();
      await page.locator('.loading').first().waitFor({ state: 'detached' });
      expect(await page.locator('html').getAttribute('lang'), path).toBe(lang);
      const raw = await rawKeysOnPage(page);
      if (raw.length) problems.push(`${path}: ${raw.join(', ')}`);
      const foreign = await otherLanguageTexts(page, lang);
      if (foreign.length) problems.push(`${path} shows text of the other language: ${foreign.join(' | ')}`);
      if (lang === 'ko' && ['dashboard', 'traces', 'trace', 'langgraph', 'cases', 'prompt', 'settings-users'].includes(name)) await screenshot(page, `${name}-ko`);
    }
    return problems;
  };

  it('English: every page shows text, never a raw key', async () => {
    expect(await visitAll('en')).toEqual([]);
    expect(await e2e.page.locator('nav.sidebar').innerText()).toContain('Traces');
  });

  it('switching to 한국어 translates every page (and the choice is remembered)', async () => {
    const { page } = e2e;
    await page.goto('/traces');
    await page.getByTestId('language-switch').selectOption('ko');
    await poll(() => page.locator('main h1').innerText()).toBe('트레이스');
    expect(await page.locator('nav.sidebar').innerText()).toContain('대시보드');
    expect(await visitAll('ko')).toEqual([]);
    await page.reload();
    await poll(() => page.locator('main h1').first().innerText()).not.toBe('');
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
  });

  it('the sign-in page and a dark theme in Korean', async () => {
    const { page, context } = e2e;
    await page.goto('/');
    await page.getByRole('button', { name: '밝은 테마와 어두운 테마 전환' }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    await page.locator('main h1').waitFor();
    await page.locator('[data-testid="kpi-cards"]').waitFor();
    await screenshot(page, 'dashboard-dark-ko');
    await context.clearCookies();
    await page.goto('/login');
    expect(await page.locator('h1').innerText()).toBe('로그인');
    expect(await rawKeysOnPage(page)).toEqual([]);
  });
});

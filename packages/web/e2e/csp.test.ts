/**
 * The built UI under the server's content security policy, in Chromium: every page renders and the
 * browser reports no CSP violation (console or securitypolicyviolation events); /api/docs too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, signIn, startE2E, type E2E, E2E_TIMEOUTS } from './harness.js';
import { BIG_TRACE_ID, seedAll, seedExperiments } from './fixtures.js';

const PAGES = [
  '/', '/traces', `/traces/${BIG_TRACE_ID}`, '/traces/11111111-1111-1111-1111-111111111111', '/sessions', '/cases', '/policies', '/prompts', '/prompts/qa',
  '/datasets', '/experiments', '/experiments/compare?a=run-a&b=run-b', '/experiments/run-a', '/settings', '/settings/users', '/alerts', '/ab-tests', '/dashboards', '/miss-queries', '/evaluation-rules', '/evaluators/grounded/calibration', '/playground', '/no-such-page',
  '/annotation-queues',
];

describe('content security policy in the browser', { timeout: E2E_TIMEOUTS.test * 2 }, () => {
  let e2e: E2E;
  const violations: string[] = [];
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    await seedAll(e2e.url, 5);
    await seedExperiments(e2e.url);
    // Both channels: the DOM event (with the blocked URI and directive) and Chromium's console line.
    await e2e.context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    e2e.page.on('console', (msg) => {
      const text = msg.text();
      if (/Content Security Policy|CSP violation/i.test(text)) violations.push(`${e2e.page.url()}: ${text}`);
    });
    e2e.page.on('pageerror', (error) => violations.push(`${e2e.page.url()}: page error ${error.message}`));
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('the pages carry the policy, no framing and nosniff', async () => {
    const res = await fetch(`${e2e.url}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('signing in and every page render with no CSP violation', async () => {
    const { page } = e2e;
    await page.goto('/login');
    await page.locator('input[name="username"]').waitFor();
    await signIn(page, 'admin', ADMIN_PASSWORD);
    for (const path of PAGES) {
      await page.goto(path);
      try {
        await page.locator(path === '/no-such-page' ? 'main' : 'main h1, main h2').first().waitFor();
        await page.locator('.loading').first().waitFor({ state: 'detached' });
      } catch (error) {
        throw new Error(`${path} did not render (CSP violations so far: ${JSON.stringify(violations)}): ${(error as Error).message.split('\n')[0]}`);
      }
    }
    // The dashboard draws its charts (recharts sets inline styles through the CSSOM, which CSP allows).
    await page.goto('/');
    await page.locator('[data-testid="charts"] svg.recharts-surface').first().waitFor();
    // The saved theme is applied by /theme-init.js (no inline script).
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toMatch(/^(light|dark)$/);
    expect(violations).toEqual([]);
  });

  it('the API docs at /api/docs render under their own policy with no CSP violation', async () => {
    const { page } = e2e;
    violations.length = 0;
    await page.goto('/api/docs');
    await page.locator('.swagger-ui .info .title').waitFor();
    await page.locator('.opblock').first().waitFor();
    await page.locator('.opblock-summary').first().click();
    await page.waitForTimeout(300);
    expect(violations).toEqual([]);
  });
});

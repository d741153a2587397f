/** Roles in the browser: a viewer sees no change controls and the API answers 403 to their changes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_TRACE } from '../../server/test/helpers.js';
import { ADMIN_PASSWORD, adminApi, api, screenshot, signIn, startE2E, type E2E, E2E_TIMEOUTS, poll } from './harness.js';
import { seedAll } from './fixtures.js';

describe('a viewer in the web UI', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E({ locale: 'en-US' });
    await seedAll(e2e.url, 3);
    // Users are instance administration: created by the signed-in instance admin (no API key may), as a viewer of the default project.
    const project = (await api(e2e.url, 'GET', '/auth/me')).body?.project_id as string;
    const vera = await adminApi(e2e.url, 'POST', '/users', { username: 'vera', password: 'viewer-password', memberships: [{ project_id: project, role: 'viewer' }] });
    expect(vera.status).toBe(201);
    expect((await api(e2e.url, 'POST', '/users', { username: 'eve', password: 'eve-password-1' })).status).toBe(403);
    expect((await api(e2e.url, 'POST', '/datasets/qa-set/items', { items: [{ id: 'a', input: { q: '질문' }, expected_output: '답변' }] })).status).toBe(201);
    await signIn(e2e.page, 'vera', 'viewer-password');
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
  }, E2E_TIMEOUTS.hook);

  it('shows the role and hides every change control', async () => {
    const { page } = e2e;
    expect(await page.locator('[data-testid="user-chip"]').innerText()).toContain('Viewer');
    await page.goto(`/traces/${SEED_TRACE.trace.trace_id}`);
    await page.locator('[data-testid="span-tree"]').waitFor();
    expect(await page.getByRole('button', { name: 'Add to dataset' }).count()).toBe(0);
    await page.goto('/cases?status=open');
    await page.locator('[data-testid="case-table"] a').first().click();
    await page.locator('[data-testid="case-facts"]').waitFor();
    expect(await page.getByRole('button', { name: /Acknowledge|Resolve/ }).count()).toBe(0);
    await page.goto('/prompts/qa');
    await page.locator('[data-testid="prompt-version"]').waitFor();
    expect(await page.getByRole('button', { name: 'Promote' }).count()).toBe(0);
    expect(await page.locator('.chip-x').count()).toBe(0);
    await page.goto('/datasets/qa-set');
    await page.locator('[data-testid="dataset-items"]').waitFor();
    expect(await page.getByRole('button', { name: /Edit expected|Delete/ }).count()).toBe(0);
    await page.goto('/policies');
    await page.getByRole('link', { name: 'pii-guard' }).click();
    await page.locator('[data-testid="policy-versions"]').waitFor();
    expect(await page.getByRole('button', { name: 'Activate' }).count()).toBe(0);
    await page.goto('/settings');
    await page.locator('main h1').waitFor();
    expect(await page.locator('main').innerText()).toContain('Only admins manage API keys, users and projects');
    expect(await page.getByRole('button', { name: /Create key|Add user/ }).count()).toBe(0);
    await screenshot(page, 'viewer-settings');
  });

  it('the project switcher lists only the viewer’s projects, never another one', async () => {
    const { page } = e2e;
    expect((await adminApi(e2e.url, 'POST', '/admin/projects', { name: 'secret-alpha' })).status).toBe(201);
    await page.goto('/');
    await page.locator('.project-switcher select').waitFor();
    expect(await page.locator('.project-switcher select option').allInnerTexts()).toEqual(['default']);
    await page.goto('/settings');
    await page.locator('main h1').waitFor();
    expect(await page.content()).not.toContain('secret-alpha');
    const status = await page.evaluate(async () => (await fetch('/api/v1/admin/projects')).status);
    expect(status).toBe(403);
  });

  it('gets 403 from the API for any change, even with a valid CSRF token', async () => {
    const { page } = e2e;
    const results = await page.evaluate(async (trace) => {
      const csrf = decodeURIComponent(document.cookie.match(/tracehub_csrf=([^;]+)/)?.[1] ?? '');
      const send = async (method: string, url: string, body?: unknown) =>
        (await fetch(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: body ? JSON.stringify(body) : undefined })).status;
      return {
        read: (await fetch('/api/v1/traces')).status,
        ingest: await send('POST', '/api/v1/ingest/traces', trace),
        promote: await send('POST', '/api/v1/prompts/qa/versions/1/labels', { labels: ['production'] }),
        dataset: await send('DELETE', '/api/v1/datasets/qa-set/items/a'),
        key: await send('POST', '/api/v1/admin/keys', { name: 'x' }),
        withoutCsrf: (await fetch('/api/v1/evals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status,
      };
    }, SEED_TRACE);
    expect(results).toEqual({ read: 200, ingest: 403, promote: 403, dataset: 403, key: 403, withoutCsrf: 403 });
  });

  it('an admin sees the same controls (the contrast)', async () => {
    const { page, context } = e2e;
    await context.clearCookies();
    await signIn(page, 'admin', ADMIN_PASSWORD);
    await page.goto('/prompts/qa');
    await page.locator('[data-testid="prompt-version"]').waitFor();
    expect(await page.getByRole('button', { name: 'Promote' }).count()).toBe(1);
  });

  it('a project admin manages their project’s members but not users or projects', async () => {
    const { page, context } = e2e;
    const team = await adminApi(e2e.url, 'POST', '/admin/projects', { name: 'team-b' });
    const teamId = (team.body?.project as { project_id: string } | undefined)?.project_id as string;
    expect((await adminApi(e2e.url, 'POST', '/users', { username: 'pat', password: 'pat-password-1', memberships: [{ project_id: teamId, role: 'admin' }] })).status).toBe(201);
    await context.clearCookies();
    await page.evaluate(() => localStorage.removeItem('tracehub.project'));
    await signIn(page, 'pat', 'pat-password-1');
    expect(await page.locator('.project-switcher select option').allInnerTexts()).toEqual(['team-b']);
    await page.goto('/settings/members');
    const members = page.locator('[data-testid="members"]');
    await members.waitFor();
    // A project admin manages the project's keys, members and retention, not users or projects.
    expect(await page.getByRole('tab').allInnerTexts()).toEqual(['API keys', 'Members', 'Retention']);
    await page.locator('input[name="member-username"]').fill('vera');
    await page.getByRole('button', { name: 'Add member' }).click();
    await poll(() => members.locator('tr[data-member="vera"]').count()).toBe(1);
    await screenshot(page, 'settings-members');
    // /settings/users falls back to the first tab this user has.
    await page.goto('/settings/users');
    await page.locator('[data-testid="api-keys"]').waitFor();
    expect(await page.locator('[data-testid="users"]').count()).toBe(0);
    const status = await page.evaluate(async () => (await fetch('/api/v1/users')).status);
    expect(status).toBe(403);
  });
});

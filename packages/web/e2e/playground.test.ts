/**
 * The playground in a browser (issue 17 item 4): one prompt version run against two connections side
 * by side — the fake OpenAI-compatible streaming server and the offline provider — with the output
 * seen while it streams, tokens, latency and cost per output; the edited text saved as a new prompt
 * version with a commit message. Korean, then English; keys never reach the page; a viewer can look
 * but not run or save.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, adminApi, api, E2E_TIMEOUTS, otherLanguageTexts, poll, rawKeysOnPage, screenshot, signIn, startE2E, type E2E } from './harness.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';

const ANSWER = 'Backend interview questions: one about queues, one about indexes, one about retries.';
const TEMPLATE = 'Company: {company}\nRole: {position}\nWrite three interview questions.';

describe('playground', { timeout: E2E_TIMEOUTS.test }, () => {
  let e2e: E2E;
  let fake: FakeOpenAi;
  beforeAll(async () => {
    // A word every 150 ms: the answer takes about two seconds, long enough to see it grow.
    fake = await startFakeOpenAi(() => ({ content: ANSWER, chunkDelayMs: 150 }));
    e2e = await startE2E({
      locale: 'ko-KR',
      env: {
        TRACEHUB_CONNECTION_FAKE_BASE_URL: fake.url, TRACEHUB_CONNECTION_FAKE_MODEL: 'gpt-4o-mini',
        TRACEHUB_CONNECTION_FAKE_API_KEY: 'sk-e2e-never-shown', TRACEHUB_CONNECTION_FAKE_ALLOW_PRIVATE: 'true',
      },
    });
    const created = await api(e2e.url, 'POST', '/prompts', { name: 'interview', prompt: TEMPLATE, labels: ['production'], commit_message: 'first' });
    expect(created.status).toBe(201);
    await signIn(e2e.page, 'admin', ADMIN_PASSWORD);
  }, E2E_TIMEOUTS.hook);
  afterAll(async () => {
    await e2e?.close();
    await fake?.close();
  }, E2E_TIMEOUTS.hook);

  it('runs one prompt against the fake server and the offline provider side by side, streams, and saves a new version', async () => {
    const { page } = e2e;
    await page.getByRole('link', { name: '플레이그라운드' }).click();
    await page.waitForURL((u) => u.pathname === '/playground');
    await page.locator('[data-testid="playground-prompt-select"] option[value="interview"]').waitFor({ state: 'attached' });
    await page.locator('[data-testid="playground-prompt-select"]').selectOption('interview');
    await poll(() => page.locator('[data-testid="playground-text"]').inputValue()).toBe(TEMPLATE);
    await page.locator('[data-testid="playground-var-company"]').fill('Toss');
    await page.locator('[data-testid="playground-var-position"]').fill('Backend');

    // Two targets: the fake connection (first by name) and the offline provider.
    const targets = page.locator('[data-testid="playground-target"]');
    await poll(() => targets.locator('[data-testid="playground-connection"]').first().inputValue()).toBe('fake');
    await page.getByRole('button', { name: '모델 추가' }).click();
    await targets.nth(1).locator('[data-testid="playground-connection"]').selectOption('offline');
    await targets.nth(0).getByLabel('온도').fill('0.3');

    await page.locator('[data-testid="playground-run"]').click();
    // Streaming: the fake's output is seen part-way (a prefix of the answer) before it is whole.
    const first = targets.nth(0).locator('[data-testid="playground-output"]');
    const seen: string[] = [];
    await poll(async () => {
      const text = (await first.innerText()).trim();
      seen.push(text);
      return text;
    }).toBe(ANSWER);
    expect(seen.some((text) => text.length > 0 && text !== ANSWER && ANSWER.startsWith(text))).toBe(true);
    const stats = targets.locator('[data-testid="playground-stats"]');
    await poll(() => stats.count()).toBe(2);
    expect(await stats.nth(0).innerText()).toContain('입력 10 / 출력 5 토큰');
    expect(await stats.nth(0).innerText()).toMatch(/\$\d/);
    expect(await targets.nth(1).locator('[data-testid="playground-output"]').innerText()).toContain('Company: Toss');
    expect(fake.chatRequests.at(-1)?.body).toMatchObject({ stream: true, temperature: 0.3, model: 'gpt-4o-mini' });
    await page.locator('[data-testid="playground-trace-link"]').waitFor();
    expect(await page.content()).not.toContain('sk-e2e-never-shown');
    expect(await otherLanguageTexts(page, 'ko')).toEqual([]);
    expect(await rawKeysOnPage(page)).toEqual([]);
    await screenshot(page, 'playground-ko');

    // Change the text and save it as version 2 with a commit message.
    await page.locator('[data-testid="playground-text"]').fill(`${TEMPLATE}\nAnswer in Korean.`);
    await page.locator('[data-testid="playground-commit-message"]').fill('playground: answer in Korean');
    await page.locator('[data-testid="playground-save-version"]').click();
    await page.locator('[data-testid="playground-saved-version"]').waitFor();
    await poll(async () => {
      const versions = (await api(e2e.url, 'GET', '/prompts/interview/versions')).body as { items: Array<{ version: number; commit_message: string | null; prompt: string }> };
      return versions.items.map((v) => [v.version, v.commit_message]);
    }).toEqual([[1, 'first'], [2, 'playground: answer in Korean']]);

    // The run is one trace with a span per target.
    await poll(async () => ((await api(e2e.url, 'GET', '/traces?environment=playground')).body as { items: Array<{ span_count: number }> }).items.map((t) => t.span_count)).toEqual([2]);
  });

  it('reads in English', async () => {
    const { page } = e2e;
    await page.locator('[data-testid="language-switch"]').selectOption('en');
    await page.getByRole('heading', { name: 'Playground' }).waitFor();
    expect(await page.locator('[data-testid="playground-stats"]').first().innerText()).toContain('10 in / 5 out tokens');
    expect(await otherLanguageTexts(page, 'en')).toEqual([]);
    await screenshot(page, 'playground-en');
  });

  it('lets a viewer look but not run or save', async () => {
    const { page } = e2e;
    const project = (await api(e2e.url, 'GET', '/auth/me')).body?.project_id as string;
    const vera = await adminApi(e2e.url, 'POST', '/users', { username: 'vera', password: 'viewer-password', memberships: [{ project_id: project, role: 'viewer' }] });
    expect(vera.status).toBe(201);
    await signIn(page, 'vera', 'viewer-password');
    await page.goto('/playground');
    await page.getByText('Your role can look at the playground but not run prompts.').waitFor();
    await page.locator('[data-testid="playground-prompt-select"] option[value="interview"]').waitFor({ state: 'attached' });
    expect(await page.locator('[data-testid="playground-run"]').isDisabled()).toBe(true);
    expect(await page.locator('[data-testid="playground-save-version"]').count()).toBe(0);
    const status = await page.evaluate(async () => {
      const csrf = document.cookie.match(/(?:^|;\s*)tracehub_csrf=([^;]+)/)?.[1] ?? '';
      const response = await fetch('/api/v1/playground/runs', {
        method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': decodeURIComponent(csrf) },
        body: JSON.stringify({ prompt: 'hi', targets: [{ connection: 'offline' }] }),
      });
      return response.status;
    });
    expect(status).toBe(403);
  });
});

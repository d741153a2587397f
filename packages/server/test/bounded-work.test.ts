/**
 * Bounded work per request (docs/security.md): RE2 policy regexes checked at save, comparison and
 * render limits (400/413), the sign-in throttle counting before scrypt, rate limits and trustProxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentComparisonSchema } from '@tracehub/core';
import type { RunningServer } from '../src/server.js';
import { loadConfig } from '../src/config.js';
import { call, startTestServer } from './helpers.js';

const ADMIN_PASSWORD = 'correct-horse-battery';

function run(runId: string) {
  return {
    run_id: runId, name: runId, status: 'completed', dataset_name: 'qa', model_name: 'm', started_at: '2026-02-07T10:00:00Z',
    summary: {}, metrics: {},
  };
}

function items(count: number, axes: number, seed: number) {
  return Array.from({ length: count }, (_, i) => {
    const passed = (i * seed) % 7 !== 0;
    const scores: Record<string, unknown> = {};
    const comment = { passed_items: [], failed_items: [], reasoning: '', suggestions: [] };
    for (let a = 0; a < axes; a++) scores[`axis${a}`] = { score: passed ? 1 : 0, passed, status: 'ok', comment };
    return { key: `k${i}`, item_id: `k${i}`, status: 'ok', passed, score: passed ? 1 : 0, scores };
  });
}

describe('bounded work per request', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { adminPassword: ADMIN_PASSWORD });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a policy whose regex RE2 cannot run, naming the condition and the reason', async () => {
    const policy = (value: string) => ({
      name: 'regex-check', effective_from: '2026-01-01T00:00:00Z', active: true,
      definition: { rules: [{ when: { any: [{ field: 'request.text', op: 'eq', value: 'x' }, { field: 'request.text', op: 'regex', value }] }, then: { action: 'BLOCK' } }] },
    });
    for (const [pattern, reason] of [['(\\w+) \\1', /invalid escape sequence/], ['(?=secret)s', /unsupported Perl syntax/], ['(?<!a)b', /named capture|Perl syntax/]] as const) {
      const answer = await call(server.app, 'POST', '/api/v1/policies', policy(pattern));
      expect(answer.status, pattern).toBe(400);
      const issue = answer.body.issues.find((i: { path: string }) => i.path.endsWith('when.any[1].value'));
      expect(issue.path).toBe('definition.rules[0].when.any[1].value');
      expect(issue.message).toMatch(/RE2/);
      expect(issue.message).toMatch(reason);
    }
    expect((await call(server.app, 'POST', '/api/v1/policies', policy('^(a+)+$'))).status).toBe(201);
  });

  it('caps comparison resamples (400) and bootstrap draws (413), and runs large comparisons in a worker', async () => {
    const stored = await call(server.app, 'POST', '/api/v1/experiments', { run: run('big-a'), items: items(5000, 6, 3) });
    expect(stored.status, JSON.stringify(stored.body).slice(0, 300)).toBe(201);
    expect((await call(server.app, 'POST', '/api/v1/experiments', { run: run('big-b'), items: items(5000, 6, 5) })).status).toBe(201);
    const huge = await call(server.app, 'GET', '/api/v1/experiments/compare?a=big-a&b=big-b&resamples=100000');
    expect(huge.status).toBe(400);
    expect(huge.body.issues[0]).toMatchObject({ path: 'query.resamples', message: expect.stringMatching(/10000/) });
    // 5,000 pairs × 10,000 resamples × 7 metrics = 350 M draws > 300 M.
    const tooMany = await call(server.app, 'GET', '/api/v1/experiments/compare?a=big-a&b=big-b&resamples=10000');
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ error: 'compare_too_large', message: expect.stringMatching(/at most 8571 resamples/) });
    // 5,000 × 200 × 7 = 7 M draws: above the inline limit, so a worker thread answers.
    const inWorker = await call(server.app, 'GET', '/api/v1/experiments/compare?a=big-a&b=big-b&resamples=200');
    expect(inWorker.status).toBe(200);
    expect(experimentComparisonSchema.parse(inWorker.body)).toMatchObject({ paired: 5000, resamples: 200 });
  });

  it('answers 413 for a render that would explode, 200 for an ordinary one', async () => {
    const template = '{{#a}}{{#a}}{{#a}}{{#a}}{{x}}{{/a}}{{/a}}{{/a}}{{/a}}';
    expect((await call(server.app, 'POST', '/api/v1/prompts', { name: 'nested', prompt: template, template_format: 'mustache' })).status).toBe(201);
    const started = Date.now();
    const exploded = await call(server.app, 'POST', '/api/v1/prompts/nested/render', { label: 'latest', variables: { a: Array.from({ length: 200 }, (_, i) => i), x: 'y'.repeat(100) } });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(exploded.status).toBe(413);
    expect(exploded.body).toMatchObject({ error: 'too_large', message: expect.stringMatching(/template steps|characters/) });
    const fine = await call(server.app, 'POST', '/api/v1/prompts/nested/render', { label: 'latest', variables: { a: [1, 2], x: 'y' } });
    expect(fine).toMatchObject({ status: 200, body: { prompt: 'y'.repeat(16) } });
  });

  it('counts sign-in attempts before checking the password: a burst gets 429 without scrypt', async () => {
    const login = (username: string, password: string) =>
      server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: '10.9.9.9' });
    const wrongUser = await login('nobody', 'whatever-password');
    const wrongPassword = await login('admin', 'not-the-password');
    expect(wrongUser.statusCode).toBe(401);
    expect(wrongPassword.statusCode).toBe(401);
    expect(wrongUser.json()).toEqual(wrongPassword.json());
    const started = Date.now();
    const burst = await Promise.all(Array.from({ length: 300 }, () => login('admin', 'guess-guess')));
    const statuses = burst.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(1);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(299);
    expect(burst.find((r) => r.statusCode === 429)?.headers['retry-after']).toMatch(/^\d+$/);
    expect(Date.now() - started).toBeLessThan(5000);
    // Another address still signs in.
    const ok = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD }, remoteAddress: '10.9.9.10' });
    expect(ok.statusCode).toBe(200);
  });
});

describe('rate limits and trustProxy', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { trustProxy: ['127.0.0.1'], rateLimits: { perKey: 5, failedAuthPerIp: 3, windowMs: 60_000 } });
  });
  afterAll(async () => {
    await server.close();
  });

  const get = (key: string, forwardedFor: string) =>
    server.app.inject({ method: 'GET', url: '/api/v1/traces', headers: { 'x-api-key': key, 'x-forwarded-for': forwardedFor } });

  it('answers 429 with Retry-After once an address has failed to authenticate too often', async () => {
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await get(`wrong-key-${i}`, '203.0.113.7'));
    expect(answers.map((a) => a.statusCode)).toEqual([401, 401, 401, 429, 429, 429]);
    expect(answers[3].headers['retry-after']).toMatch(/^\d+$/);
    expect(answers[3].json()).toMatchObject({ error: 'rate_limited' });
    // Behind the trusted proxy each client address counts on its own.
    expect((await get('wrong-key', '203.0.113.8')).statusCode).toBe(401);
  });

  it('counts wrong Langfuse secret keys (Basic auth on /api/public) the same way', async () => {
    const basic = (secret: string) => `Basic ${Buffer.from(`pk-lf-guess:${secret}`).toString('base64')}`;
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      const answer = await server.app.inject({
        method: 'GET', url: '/api/public/projects', headers: { authorization: basic(`sk-lf-guess-${i}`), 'x-forwarded-for': '203.0.113.9' },
      });
      statuses.push(answer.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('limits requests per key with 429 and Retry-After', async () => {
    const statuses = [];
    let limited;
    for (let i = 0; i < 7; i++) {
      const answer = await get('dev-key', '198.51.100.1');
      statuses.push(answer.statusCode);
      if (answer.statusCode === 429) limited = answer;
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(limited?.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited?.json()).toMatchObject({ error: 'rate_limited', message: expect.stringMatching(/API key/) });
  });

  it('reads the settings from the environment', () => {
    const config = loadConfig({ TRACEHUB_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8', TRACEHUB_RATE_LIMIT_PER_KEY: '100', TRACEHUB_RATE_LIMIT_WINDOW_SECONDS: '10' });
    expect(config.trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8']);
    expect(config.rateLimits).toEqual({ perKey: 100, failedAuthPerIp: 100, windowMs: 10_000 });
    expect(loadConfig({ TRACEHUB_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRACEHUB_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(() => loadConfig({ TRACEHUB_TRUST_PROXY: '10.0.0.0/99' })).toThrow(/TRACEHUB_TRUST_PROXY/);
    expect(() => loadConfig({ TRACEHUB_RATE_LIMIT_PER_KEY: '-1' })).toThrow(/TRACEHUB_RATE_LIMIT_PER_KEY/);
    expect(loadConfig({ TRACEHUB_RATE_LIMIT_PER_KEY: '', TRACEHUB_RATE_LIMIT_FAILED_AUTH_PER_IP: '0' }).rateLimits).toMatchObject({ perKey: 60_000, failedAuthPerIp: 0 });
  });
});

/**
 * Fuzz: query strings and path parameters of every documented read route (traces list, detail,
 * sessions, stats, cases, notifications, prompts, datasets, experiments, policies, admin, users,
 * auth), and hostile ids in the paths of every route that takes one, on both backends.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { BACKENDS } from '../../src/storage/testing/test-stores.js';
import { nastyId, nastyString, queryString, safeEncode } from './arbitraries.js';
import { expectEverythingReadable, fuzz, jsonRequest, printTally, sendChecked, startFuzzServer, type FuzzRequest } from './fuzz-harness.js';
import { seedEverything, SEED_DATASET, SEED_PROMPT, SEED_RUNS, SEED_TRACE_ID, type Seeded } from './fuzz-seed.js';

const TRACE_PARAMS = ['status', 'model', 'environment', 'user_id', 'session_id', 'name', 'tag', 'decision', 'has_open_spans', 'from', 'to', 'search', 'page', 'page_size', 'sort'];

/** Read routes and the query parameters they document. */
const READS: Array<{ path: (s: Seeded) => string; params: string[]; runs: number; examples?: string[] }> = [
  { path: () => '/api/v1/traces', params: TRACE_PARAMS, runs: 80, examples: ['search=x%00', 'search=abc%00', 'model=%00', 'tag=%00', 'from=0001-01-01T00%3A00%3A00Z'] },
  { path: () => `/api/v1/traces/${SEED_TRACE_ID}`, params: ['span_id', 'depth'], runs: 10 },
  { path: () => '/api/v1/traces/stats/overview', params: ['last_hours', 'environment'], runs: 25 },
  { path: () => '/api/v1/miss-queries', params: ['last_hours', 'limit', 'similarity', 'include_experiments'], runs: 20 },
  { path: () => '/api/v1/sessions', params: ['user_id', 'search', 'page', 'page_size'], runs: 25, examples: ['user_id=x%00', 'search=%ed%a0%80', 'search=abc%00'] },
  { path: () => '/api/v1/sessions/fz-session', params: ['page'], runs: 5 },
  { path: () => '/api/v1/cases', params: ['status', 'trace_id', 'page', 'page_size'], runs: 20 },
  { path: (s) => `/api/v1/cases/${s.caseId}`, params: ['x'], runs: 5 },
  { path: () => '/api/v1/notifications', params: ['status', 'case_id', 'page', 'page_size'], runs: 15 },
  { path: () => '/api/v1/prompts', params: ['page', 'name'], runs: 5 },
  { path: () => `/api/v1/prompts/${SEED_PROMPT}`, params: ['label', 'version'], runs: 20 },
  { path: () => `/api/v1/prompts/${SEED_PROMPT}/versions`, params: ['page'], runs: 5 },
  { path: () => `/api/v1/prompts/${SEED_PROMPT}/diff`, params: ['from', 'to'], runs: 25, examples: ['to=0&from=1770458400000000', 'from=1&to=123456789012345678901234567890'] },
  { path: () => '/api/v1/datasets', params: ['page'], runs: 5 },
  { path: () => `/api/v1/datasets/${SEED_DATASET}`, params: ['version'], runs: 15 },
  { path: () => `/api/v1/datasets/${SEED_DATASET}/versions`, params: ['page'], runs: 5 },
  { path: () => '/api/v1/experiments', params: ['name', 'dataset_name', 'prompt_name', 'model_name', 'status', 'page', 'page_size'], runs: 20, examples: ['name=x%00'] },
  { path: () => '/api/v1/experiments/compare', params: ['a', 'b', 'resamples', 'seed', 'alpha'], runs: 25 },
  { path: () => `/api/v1/experiments/${SEED_RUNS[0]}`, params: ['page'], runs: 5 },
  { path: () => '/api/v1/policies', params: ['page'], runs: 5 },
  { path: (s) => `/api/v1/policies/${s.policyId}`, params: ['version'], runs: 5 },
  { path: (s) => `/api/v1/policies/${s.policyId}/versions`, params: ['page'], runs: 5 },
  { path: () => '/api/v1/webhooks', params: ['page'], runs: 5 },
  { path: () => '/api/v1/admin/projects', params: ['page'], runs: 5 },
  { path: () => '/api/v1/admin/keys', params: ['page'], runs: 5 },
  { path: (s) => `/api/v1/admin/projects/${s.projectId}/members`, params: ['page'], runs: 5 },
  { path: () => '/api/v1/users', params: ['page'], runs: 5 },
  { path: () => '/api/v1/auth/me', params: ['project'], runs: 5 },
  { path: () => '/health', params: ['x'], runs: 3 },
  { path: () => '/ready', params: ['x'], runs: 3 },
  { path: () => '/metrics', params: ['x'], runs: 3 },
  { path: () => '/api/openapi.json', params: ['x'], runs: 3 },
];

/** Routes with ids in their path; `:id` is replaced by a hostile id. */
const ID_ROUTES: Array<{ method: FuzzRequest['method']; path: string; body?: unknown }> = [
  { method: 'GET', path: '/api/v1/traces/:id' },
  { method: 'DELETE', path: '/api/v1/traces/:id' },
  { method: 'GET', path: '/api/v1/sessions/:id' },
  { method: 'GET', path: '/api/v1/webhooks/:id' },
  { method: 'POST', path: '/api/v1/webhooks/:id/rotate-secret', body: {} },
  { method: 'DELETE', path: '/api/v1/webhooks/:id' },
  { method: 'PUT', path: '/api/v1/admin/projects/:id/members/x', body: { role: 'viewer' } },
  { method: 'DELETE', path: '/api/v1/admin/projects/:id/members/x' },
  { method: 'GET', path: '/api/v1/cases/:id' },
  { method: 'POST', path: '/api/v1/cases/:id/ack', body: {} },
  { method: 'POST', path: '/api/v1/cases/:id/resolve', body: { note: 'n' } },
  { method: 'GET', path: '/api/v1/prompts/:id' },
  { method: 'GET', path: '/api/v1/prompts/:id/versions' },
  { method: 'GET', path: '/api/v1/prompts/:id/diff?from=1&to=2' },
  { method: 'POST', path: '/api/v1/prompts/:id/render', body: { variables: { name: 'x' } } },
  { method: 'POST', path: `/api/v1/prompts/${SEED_PROMPT}/versions/:id/labels`, body: { labels: ['x'] } },
  { method: 'DELETE', path: `/api/v1/prompts/${SEED_PROMPT}/labels/:id` },
  { method: 'GET', path: '/api/v1/datasets/:id' },
  { method: 'GET', path: '/api/v1/datasets/:id/versions' },
  { method: 'POST', path: '/api/v1/datasets/:id/items', body: { items: [{ input: 'x' }] } },
  { method: 'POST', path: '/api/v1/datasets/:id/items/from-trace', body: { trace_id: SEED_TRACE_ID } },
  { method: 'DELETE', path: `/api/v1/datasets/${SEED_DATASET}/items/:id` },
  { method: 'GET', path: '/api/v1/experiments/:id' },
  { method: 'GET', path: `/api/v1/experiments/compare?a=:id&b=${SEED_RUNS[1]}` },
  { method: 'GET', path: '/api/v1/policies/:id' },
  { method: 'GET', path: '/api/v1/policies/:id/versions' },
  { method: 'POST', path: '/api/v1/policies/:id/activate?version=1' },
  { method: 'DELETE', path: '/api/v1/admin/keys/:id' },
  { method: 'GET', path: '/api/v1/admin/projects/:id/members' },
  { method: 'POST', path: '/api/v1/admin/projects/:id/members', body: { username: 'fz-user' } },
  { method: 'PATCH', path: '/api/v1/users/:id', body: { password: 'another-password' } },
  { method: 'DELETE', path: '/api/v1/users/:id' },
];

describe.each(BACKENDS)('fuzz: query strings and path ids on %s', (backend) => {
  let server: RunningServer;
  let seeded: Seeded;
  beforeAll(async () => {
    server = await startFuzzServer(backend);
    seeded = await seedEverything(server.app);
  });
  afterAll(async () => {
    printTally(`queries on ${backend}`);
    await server?.close();
  });

  for (const read of READS) {
    const label = read.path({ policyId: ':policy', caseId: ':case', userId: ':user', projectId: ':project', keyId: ':key' });
    it(`GET ${label}?…: hostile query strings never give a 5xx`, async () => {
      const arb = queryString(read.params).map((q): FuzzRequest => ({ method: 'GET', url: `${read.path(seeded)}?${q}` }));
      const examples = (read.examples ?? []).map((q): FuzzRequest => ({ method: 'GET', url: `${read.path(seeded)}?${q}` }));
      await fuzz(arb, read.runs, async (req) => {
        await sendChecked(server.app, req);
      }, examples);
    });
  }

  it('hostile ids (100–300 characters, NUL, lone surrogates, slashes) in every path never give a 5xx', async () => {
    const arb = fc.record({ route: fc.constantFrom(...ID_ROUTES), id: nastyId }).map(({ route, id }): FuzzRequest => {
      const url = route.path.replace(':id', safeEncode(id));
      return route.body === undefined ? { method: route.method, url } : jsonRequest(route.method, url, route.body);
    });
    // Past findings first: NUL in a path id on PostgreSQL.
    const examples: FuzzRequest[] = [{ method: 'GET', url: '/api/v1/cases/x%00' }, { method: 'GET', url: '/api/v1/sessions/%00' }, { method: 'GET', url: '/api/v1/traces/%ed%a0%80' }];
    await fuzz(arb, 120, async (req) => {
      await sendChecked(server.app, req);
    }, examples);
  });

  it('raw, undecodable and odd URLs never give a 5xx', async () => {
    const arb = fc.record({
      base: fc.constantFrom('/api/v1/traces', '/api/v1/traces/', '/api/v1/sessions', '/api/v1/prompts', '/api/v1/datasets', '/', '/assets', '/api/docs', '/v1'),
      tail: fc.oneof(fc.constantFrom('%', '%zz', '%ff', '%ed%a0%80', '%00', '%c0%af', '..%2f..%2f', '?a=%', '?page=%ff', '?sort=%00', '//', '/;x', '?a[b]=1', '?a=1&a=2&a=3'), nastyString.map((s) => safeEncode(s))),
    }).map(({ base, tail }): FuzzRequest => ({ method: 'GET', url: `${base}${tail.startsWith('?') || tail.startsWith('/') ? '' : '/'}${tail}` }));
    await fuzz(arb, 60, async (req) => {
      await sendChecked(server.app, req);
    });
  });

  it('afterwards every stored trace is listed and reads back, and the overviews answer', async () => {
    expect(await expectEverythingReadable(server.app)).toBeGreaterThan(0);
  });
});

/**
 * Fuzz: every documented write route apart from ingest — decide, policies, cases, prompts (create,
 * render, labels), datasets, experiments, admin projects and keys, users, members, sign-in — on both
 * backends. Hostile bodies never get a 5xx; the traces stay readable.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { BACKENDS } from '../../src/storage/testing/test-stores.js';
import { SEED_POLICY } from '../../src/decision/testing/decision-test-kit.js';
import { malformedPayload, mutatedBody, toJsonText } from './arbitraries.js';
import { expectEverythingReadable, fuzz, jsonRequest, printTally, sendChecked, startFuzzServer, type FuzzRequest } from './fuzz-harness.js';
import { experimentBody, seedEverything, SEED_DATASET, SEED_PROMPT, SEED_SPAN_ID, SEED_TRACE_ID, type Seeded } from './fuzz-seed.js';

type Method = FuzzRequest['method'];
interface WriteRoute {
  name: string;
  method: Method;
  url: (s: Seeded, n: number) => string;
  template: (n: number, s: Seeded) => unknown;
  runs: number;
  /** Past findings, run first every time. */
  examples?: (s: Seeded) => unknown[];
  /** Sent as the signed-in instance administrator (users and members need one). */
  asAdmin?: boolean;
}

const policyDefinition = {
  rules: [
    ...SEED_POLICY.definition.rules,
    { priority: 5, when: { all: [{ field: 'signals.tokens', op: 'gt', value: 100 }, { not: { field: 'response.text', op: 'regex', value: '(a|b)+c', flags: 'i' } }] },
      then: { action: 'BLOCK', reason_code: 'TOO_LONG', severity: 'low' } },
  ],
};

const ROUTES: WriteRoute[] = [
  { name: 'POST /decide', method: 'POST', url: () => '/api/v1/decide', runs: 30,
    template: (n) => ({ trace_id: SEED_TRACE_ID, request_payload: { prompt: 'hi', user: { id: n } }, response_payload: { text: 'fine', tokens: 10, latency_ms: 100 }, idempotency_key: `fz-d-${n}` }) },
  { name: 'POST /policies', method: 'POST', url: () => '/api/v1/policies', runs: 30,
    template: (n) => ({ ...SEED_POLICY, name: `fz-pol-${n % 10}`, definition: policyDefinition }),
    // A lone surrogate in a stored policy (PostgreSQL JSONB refuses \ud800).
    examples: () => [{ name: 'fz-surrogate', definition: { rules: [{ when: { field: 'signals.pii', op: 'eq', value: '\ud800' }, then: { action: 'BLOCK', reason_code: 'X', severity: 'low' } }] } }] },
  { name: 'POST /policies/:id/activate', method: 'POST', url: (s, n) => `/api/v1/policies/${s.policyId}/activate?version=${(n % 3) + 1}`, runs: 10, template: () => ({}) },
  { name: 'POST /cases/:id/ack|resolve', method: 'POST', url: (s, n) => `/api/v1/cases/${s.caseId}/${n % 2 ? 'ack' : 'resolve'}`, runs: 15,
    template: () => ({ note: 'checked', by: 'fuzz' }) },
  { name: 'POST /prompts', method: 'POST', url: () => '/api/v1/prompts', runs: 30,
    template: (n) => (n % 2
      ? { name: `fz_p_${n % 5}`, prompt: 'Answer {question} for {user}', config: { model: 'gpt-4.1-mini', temperature: 0.3 }, labels: ['staging'], commit_message: 'c' }
      : { name: `fz_c_${n % 5}`, type: 'chat', prompt: [{ role: 'system', content: 'Be {tone}' }, { role: 'user', content: '{{question}}' }], template_format: 'mustache' }) },
  { name: 'POST /prompts/:name/render', method: 'POST', url: () => `/api/v1/prompts/${SEED_PROMPT}/render`, runs: 25,
    template: (n) => ({ variables: { name: `n${n}`, topic: '주제' }, label: 'production' }) },
  { name: 'POST /prompts/:name/versions/:v/labels', method: 'POST', url: (_s, n) => `/api/v1/prompts/${SEED_PROMPT}/versions/${(n % 2) + 1}/labels`, runs: 15,
    template: () => ({ labels: ['production', 'canary'] }) },
  { name: 'DELETE /prompts/:name/labels/:label', method: 'DELETE', url: () => `/api/v1/prompts/${SEED_PROMPT}/labels/canary`, runs: 5, template: () => undefined },
  { name: 'POST /datasets', method: 'POST', url: () => '/api/v1/datasets', runs: 15,
    template: (n) => ({ name: `fz_ds_${n % 5}`, description: '설명', metadata: { owner: 'kim' } }) },
  { name: 'POST /datasets/:name/items', method: 'POST', url: () => `/api/v1/datasets/${SEED_DATASET}/items`, runs: 25,
    template: (n) => ({ items: [{ id: `case_${n % 4}`, input: { q: n }, expected_output: { a: 1 }, metadata: { s: 'x' } }, { input: 'plain' }], mode: n % 3 ? 'merge' : 'replace', message: 'm' }) },
  { name: 'POST /datasets/:name/items/from-trace', method: 'POST', url: () => `/api/v1/datasets/${SEED_DATASET}/items/from-trace`, runs: 15,
    template: (n) => ({ trace_id: SEED_TRACE_ID, ...(n % 2 ? { span_id: SEED_SPAN_ID } : {}), metadata: { note: 'x' } }) },
  { name: 'DELETE /datasets/:name/items/:id', method: 'DELETE', url: (_s, n) => `/api/v1/datasets/${SEED_DATASET}/items/case_${n % 4}`, runs: 5, template: () => undefined },
  { name: 'POST /experiments', method: 'POST', url: () => '/api/v1/experiments', runs: 25, template: (n) => experimentBody(`fz-exp-${n % 20}`, 3) },
  { name: 'POST /admin/projects', method: 'POST', url: () => '/api/v1/admin/projects', runs: 10, template: (n) => ({ name: `fz project ${n}` }) },
  { name: 'POST /admin/keys', method: 'POST', url: () => '/api/v1/admin/keys', runs: 15, template: (n) => ({ name: `fz key ${n}`, scopes: ['ingest', 'read'] }) },
  { name: 'POST /users', asAdmin: true, method: 'POST', url: () => '/api/v1/users', runs: 15,
    template: (n, s) => ({ username: `fz-u-${n}`, password: 'a-long-password', instance_admin: false, memberships: [{ project_id: s.projectId, role: 'member' }] }) },
  { name: 'PATCH /users/:id', asAdmin: true, method: 'PATCH', url: (s) => `/api/v1/users/${s.userId}`, runs: 10, template: (_n, s) => ({ password: 'another-password', default_project_id: s.projectId }) },
  { name: 'POST /admin/projects/:id/members', asAdmin: true, method: 'POST', url: (s) => `/api/v1/admin/projects/${s.projectId}/members`, runs: 10, template: () => ({ username: 'fz-user', role: 'viewer' }) },
  { name: 'PUT /admin/projects/:id/members/:user', asAdmin: true, method: 'PUT', url: (s) => `/api/v1/admin/projects/${s.projectId}/members/${s.userId}`, runs: 10, template: () => ({ role: 'member' }) },
  { name: 'POST /webhooks', method: 'POST', url: () => '/api/v1/webhooks', runs: 15, template: (n) => ({ name: `fz-hook-${n % 5}`, url: `https://203.0.113.${n % 250}/hook?n=${n}` }) },
  { name: 'POST /webhooks/:id/rotate-secret', method: 'POST', url: (_s, n) => `/api/v1/webhooks/fz-hook-${n % 5}/rotate-secret`, runs: 5, template: () => ({}) },
  { name: 'DELETE /admin/projects/:id/members/:user', method: 'DELETE', url: (s) => `/api/v1/admin/projects/${s.projectId}/members/${s.userId}`, runs: 3, template: () => undefined, asAdmin: true },
  { name: 'POST /auth/logout', method: 'POST', url: () => '/api/v1/auth/logout', runs: 5, template: () => ({}) },
  { name: 'POST /auth/login', method: 'POST', url: () => '/api/v1/auth/login', runs: 15, template: () => ({ username: 'fz-user', password: 'fz-password-1' }) },
];

/** A request for `route`, its body mutated (DELETE and body-less routes get a hostile body anyway). */
function requests(route: WriteRoute, seeded: Seeded): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(fc.nat({ max: 1_000_000 }), mutatedBody((n) => route.template(n, seeded) ?? {})).map(([n, body]) =>
    ({ ...jsonRequest(route.method, route.url(seeded, n), body), ...(route.asAdmin ? { as: 'admin' as const } : {}) }),
  );
}

describe.each(BACKENDS)('fuzz: write routes on %s', (backend) => {
  let server: RunningServer;
  let seeded: Seeded;
  beforeAll(async () => {
    server = await startFuzzServer(backend);
    seeded = await seedEverything(server.app);
  });
  afterAll(async () => {
    printTally(`write routes on ${backend}`);
    await server?.close();
  });

  for (const route of ROUTES) {
    it(`${route.name}: hostile fields never give a 5xx`, async () => {
      const examples = (route.examples?.(seeded) ?? []).map((body) => jsonRequest(route.method, route.url(seeded, 0), body));
      await fuzz(requests(route, seeded), route.runs, async (req) => {
        await sendChecked(server.app, req);
      }, examples);
    });
  }

  it('every write route: malformed bodies never give a 5xx', async () => {
    const arb = fc.record({ route: fc.constantFrom(...ROUTES), n: fc.nat({ max: 1000 }), payload: malformedPayload, contentType: fc.constantFrom('application/json', 'text/plain', '') })
      .map(({ route, n, payload, contentType }): FuzzRequest => ({ method: route.method, url: route.url(seeded, n), payload, contentType, ...(route.asAdmin ? { as: 'admin' as const } : {}) }));
    await fuzz(arb, 60, async (req) => {
      await sendChecked(server.app, req);
    });
  });

  it('POST /policies as YAML: anchors, aliases, tags, deep flow nesting never give a 5xx', async () => {
    const laughs = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    const yamlPayload = fc.oneof(
      fc.constantFrom(
        laughs, `name: p\ndefinition: ${'['.repeat(5000)}${']'.repeat(5000)}`, `name: p\ndefinition: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}`,
        'name: !!js/function "function(){}"\ndefinition: {rules: []}', 'name: p\ndefinition: {rules: []}\nname: q', '<<: *nope', '- - - -', 'name: "\\ud800"\ndefinition: {rules: []}',
        'name: p\neffective_from: 9999-12-31\ndefinition: {rules: []}', 'name: p\nactive: yes\ndefinition:\n  rules:\n    - when: {field: signals.pii, op: regex, value: "(a+)+$"}\n      then: {action: BLOCK, reason_code: X, severity: low}',
        '\t- x', '%YAML 1.2\n---\nname: p', '--- !<tag:yaml.org,2002:binary> AAAA', 'name: 0x10\ndefinition: {rules: [{when: {field: signals.tokens, op: gt, value: .inf}, then: {action: BLOCK, reason_code: X, severity: low}}]}',
      ),
      mutatedBody(() => ({ ...SEED_POLICY, definition: policyDefinition })).map((b) => toJsonText(b)),
    );
    const arb = fc.record({ payload: yamlPayload, contentType: fc.constantFrom('application/yaml', 'text/yaml', 'application/x-yaml') })
      .map(({ payload, contentType }): FuzzRequest => ({ method: 'POST', url: '/api/v1/policies', payload, contentType }));
    await fuzz(arb, 30, async (req) => {
      await sendChecked(server.app, req);
    });
  });

  it('afterwards every stored trace is listed and reads back, and the overviews answer', async () => {
    expect(await expectEverythingReadable(server.app)).toBeGreaterThan(0);
  });
});

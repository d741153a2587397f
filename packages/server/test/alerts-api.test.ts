/**
 * Alerts (issue 16 item 3) on both backends: an error-rate rule fires within one evaluation interval
 * of the condition, sends exactly one signed webhook, resolves (signed again) when the condition
 * ends; two servers on one PostgreSQL database fire it once. Plus the rules API's answers to bad input.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, createTestDatabase, tempDir, type Backend } from '../src/storage/testing/test-stores.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { createPostgresStore } from '../src/storage/postgres/postgres-store.js';
import type { Store } from '../src/storage/store.js';
import { createServer, type RunningServer } from '../src/server.js';
import { verifyWebhookSignature } from '../src/decision/webhook-signature.js';
import {
  createDestination, decisionSettings, decisionTestConfig, PRIVATE_TARGETS_ALLOWED, send, startReceiver, waitFor,
} from '../src/decision/testing/decision-test-kit.js';

const INTERVAL_SECONDS = 0.8;
const RULE = {
  name: 'errors', kind: 'error_rate', comparator: '>', threshold: 0.5, window_minutes: 5, cooldown_seconds: 3600, destinations: ['ops'],
};

async function database(backend: Backend): Promise<() => Store> {
  if (backend === 'sqlite') {
    const file = path.join(tempDir(), 'tracehub.db');
    return () => createSqliteStore({ file });
  }
  const url = await createTestDatabase();
  return () => createPostgresStore({ connectionString: url, maxConnections: 4 });
}

// In-process ingestion (the SQLite worker thread runs the built dist).
const start = (store: Store) => createServer(decisionTestConfig({ alertIntervalSeconds: INTERVAL_SECONDS, ingestWorker: false }), {
  store, logger: false, decision: decisionSettings(PRIVATE_TARGETS_ALLOWED),
});

async function ingest(server: RunningServer, prefix: string, n: number, status: 'error' | 'success') {
  for (let i = 0; i < n; i++) {
    const at = Date.now();
    const trace = { trace_id: `${prefix}-${i}`, name: 'chat', status, start_time: new Date(at).toISOString(), end_time: new Date(at + 50).toISOString() };
    expect((await send(server.app, 'POST', '/api/v1/ingest/traces', { trace, spans: [] })).status).toBe(200);
  }
}

const alerts = async (server: RunningServer, query = '') => (await send(server.app, 'GET', `/api/v1/alerts${query}`)).body;

describe.each(BACKENDS)('alerts on %s', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('fires within one interval, sends one signed webhook, and resolves when the condition ends', async () => {
    const receiver = await startReceiver(() => ({ status: 204 }));
    cleanups.push(receiver.close);
    const server = await start((await database(backend))());
    cleanups.push(server.close);
    const { secret } = await createDestination(server.app, 'ops', `${receiver.url}/alerts`);
    const created = await send(server.app, 'POST', '/api/v1/alerts/rules', RULE);
    expect(created.status).toBe(201);
    const ruleId = created.body.rule_id;
    // Evaluated once without traffic: nothing to measure, nothing sent.
    await waitFor(async () => (await send(server.app, 'GET', `/api/v1/alerts/rules/${ruleId}`)).body.last_evaluated_at);
    expect((await send(server.app, 'GET', `/api/v1/alerts/rules/${ruleId}`)).body.state).toBe('no_data');

    await ingest(server, 'err', 3, 'error');
    const conditionAt = Date.now();
    const firing = await waitFor(async () => (await alerts(server, '?status=firing')).items[0], 10_000);
    // The loop looks four times per interval: at most 1.25 intervals, plus scheduling slack.
    expect(Date.now() - conditionAt).toBeLessThan(INTERVAL_SECONDS * 1250 + 400);
    expect(firing).toMatchObject({ rule_id: ruleId, rule_name: 'errors', status: 'firing', value: 1, threshold: 0.5 });

    await waitFor(() => receiver.received.length >= 1);
    // Still firing over further evaluations: no second alert, no second webhook.
    await new Promise((r) => setTimeout(r, INTERVAL_SECONDS * 3000));
    expect(receiver.received).toHaveLength(1);
    expect((await alerts(server)).total).toBe(1);
    const [hook] = receiver.received;
    expect(hook.headers['x-tracehub-event']).toBe('alert.firing');
    expect(verifyWebhookSignature(secret, hook.body, hook.headers['x-tracehub-signature'] as string)).toBe(true);
    expect(verifyWebhookSignature('whsec_other', hook.body, hook.headers['x-tracehub-signature'] as string)).toBe(false);
    expect(JSON.parse(hook.body)).toMatchObject({ event: 'alert.firing', alert: { alert_id: firing.alert_id }, rule: { rule_id: ruleId } });

    // The condition ends: enough good traces bring the error rate to 3/13.
    await ingest(server, 'ok', 10, 'success');
    const resolved = await waitFor(async () => (await alerts(server, '?status=resolved')).items[0], 10_000);
    expect(resolved).toMatchObject({ alert_id: firing.alert_id, status: 'resolved' });
    expect((await alerts(server, '?status=firing')).total).toBe(0);
    await waitFor(() => receiver.received.length >= 2);
    const end = receiver.received[1];
    expect(end.headers['x-tracehub-event']).toBe('alert.resolved');
    expect(verifyWebhookSignature(secret, end.body, end.headers['x-tracehub-signature'] as string)).toBe(true);
    // An evaluation may have run between the good traces; the next one sees all 13.
    await waitFor(async () => (await send(server.app, 'GET', `/api/v1/alerts/rules/${ruleId}`)).body.last_value === 0.2308);
    expect((await send(server.app, 'GET', `/api/v1/alerts/rules/${ruleId}`)).body.state).toBe('ok');

    // Firing again within the cool-down: a new alert, held back (no notification); the history keeps both.
    await ingest(server, 'err2', 15, 'error');
    const again = await waitFor(async () => (await alerts(server, '?status=firing')).items[0], 10_000);
    expect(again.alert_id).not.toBe(firing.alert_id);
    expect(again.notified_at).toBeNull();
    await new Promise((r) => setTimeout(r, INTERVAL_SECONDS * 2000));
    expect(receiver.received).toHaveLength(2);
    expect((await alerts(server)).items.map((a: { alert_id: string }) => a.alert_id)).toEqual([again.alert_id, firing.alert_id]);
  });

  it('answers bad rules, unknown destinations, bad filters and unknown ids with 4xx', async () => {
    const server = await start((await database(backend))());
    cleanups.push(server.close);
    const bad = [
      {}, { ...RULE, kind: 'nope' }, { ...RULE, comparator: '=>' }, { ...RULE, threshold: 'x' }, { ...RULE, window_minutes: 0 },
      { ...RULE, extra: 1 }, { ...RULE, name: '' }, { ...RULE, kind: 'ab_srm' }, { ...RULE, destinations: ['missing'] },
    ];
    for (const body of bad) {
      const res = await send(server.app, 'POST', '/api/v1/alerts/rules', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBeTruthy();
    }
    const rule = { ...RULE, destinations: [] };
    const created = await send(server.app, 'POST', '/api/v1/alerts/rules', rule);
    expect(created.status).toBe(201);
    expect((await send(server.app, 'POST', '/api/v1/alerts/rules', rule)).status).toBe(409);
    const id = created.body.rule_id;
    const patch = (body: unknown, ruleId = id) => server.app.inject({
      method: 'PATCH', url: `/api/v1/alerts/rules/${ruleId}`, headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' }, payload: JSON.stringify(body),
    });
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ threshold: 0.1 }, 'missing')).statusCode).toBe(404);
    const changed = await patch({ threshold: 0.1, enabled: false });
    expect(changed.statusCode).toBe(200);
    expect(JSON.parse(changed.body)).toMatchObject({ threshold: 0.1, enabled: false, name: 'errors' });
    expect((await send(server.app, 'GET', '/api/v1/alerts?status=open')).status).toBe(400);
    expect((await send(server.app, 'GET', '/api/v1/alerts?page_size=0')).status).toBe(400);
    expect((await send(server.app, 'GET', '/api/v1/alerts/rules/missing')).status).toBe(404);
    expect((await send(server.app, 'GET', '/api/v1/alerts/rules')).body.items).toHaveLength(1);
    expect((await send(server.app, 'DELETE', `/api/v1/alerts/rules/${id}`)).status).toBe(200);
    expect((await send(server.app, 'DELETE', `/api/v1/alerts/rules/${id}`)).status).toBe(404);
    expect((await send(server.app, 'GET', '/api/v1/alerts/rules', undefined, 'application/json', 'wrong-key')).status).toBe(401);
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/alerts/rules/{rule_id}']).sort()).toEqual(['delete', 'get', 'patch']);
    expect(Object.keys(doc.paths['/api/v1/alerts/rules']).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/v1/alerts']).toHaveProperty('get');
  });

  it('reads an ab_srm rule from the A/B test service (no data while the test is not running) and disk use of the data volume', async () => {
    const server = await start((await database(backend))());
    cleanups.push(server.close);
    const ab = await send(server.app, 'POST', '/api/v1/alerts/rules', { name: 'srm', kind: 'ab_srm', comparator: '<', threshold: 0.001, ab_test_id: 'exp-1' });
    const disk = await send(server.app, 'POST', '/api/v1/alerts/rules', { name: 'disk', kind: 'disk_used_percent', comparator: '>', threshold: 100 });
    const rule = async (id: string) => (await send(server.app, 'GET', `/api/v1/alerts/rules/${id}`)).body;
    await waitFor(async () => (await rule(ab.body.rule_id)).last_evaluated_at && (await rule(disk.body.rule_id)).last_evaluated_at);
    expect(await rule(ab.body.rule_id)).toMatchObject({ state: 'no_data', state_reason: 'the A/B test is not running', last_value: null });
    const d = await rule(disk.body.rule_id);
    expect(d.state).toBe('ok');
    expect(d.last_value).toBeGreaterThan(0);
    expect(d.last_value).toBeLessThanOrEqual(100);
  });
});

describe('alerts with two servers on one PostgreSQL database', () => {
  it('fire once: one alert and one webhook', async () => {
    const receiver = await startReceiver(() => ({ status: 204 }));
    const open = await database('postgres');
    const a = await start(open());
    const b = await start(open());
    try {
      const { secret } = await createDestination(a.app, 'ops', `${receiver.url}/alerts`);
      const created = await send(a.app, 'POST', '/api/v1/alerts/rules', RULE);
      expect(created.status).toBe(201);
      // Each rule is evaluated once per interval by one of the two servers (the lease): over four
      // intervals at most about four evaluations, where each server alone would make four per interval.
      const evaluations = new Set<string>();
      const watchUntil = Date.now() + INTERVAL_SECONDS * 4000;
      while (Date.now() < watchUntil) {
        const at = (await send(b.app, 'GET', `/api/v1/alerts/rules/${created.body.rule_id}`)).body.last_evaluated_at;
        if (at) evaluations.add(at);
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(evaluations.size).toBeGreaterThanOrEqual(3);
      expect(evaluations.size).toBeLessThanOrEqual(6);
      await ingest(b, 'err', 3, 'error');
      await waitFor(async () => (await alerts(b, '?status=firing')).total === 1, 10_000);
      await waitFor(() => receiver.received.length >= 1);
      await new Promise((r) => setTimeout(r, INTERVAL_SECONDS * 4000));
      expect((await alerts(a)).total).toBe(1);
      expect(receiver.received).toHaveLength(1);
      expect(verifyWebhookSignature(secret, receiver.received[0].body, receiver.received[0].headers['x-tracehub-signature'] as string)).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await receiver.close();
    }
  });
});

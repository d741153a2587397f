/**
 * Alert rules over application metrics (issue 16 item 5, kind `app_metric`) on both backends: a
 * rule on a metric's aggregate over its window, narrowed by labels, fires when the points cross the
 * threshold and resolves when they no longer do; bad rules answer 400.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, createTestDatabase, tempDir, type Backend } from '../src/storage/testing/test-stores.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { createPostgresStore } from '../src/storage/postgres/postgres-store.js';
import type { Store } from '../src/storage/store.js';
import { createServer, type RunningServer } from '../src/server.js';
import { decisionSettings, decisionTestConfig, PRIVATE_TARGETS_ALLOWED, send, waitFor } from '../src/decision/testing/decision-test-kit.js';

const INTERVAL_SECONDS = 0.5;
const RULE = {
  name: 'index too small', kind: 'app_metric', metric_name: 'faiss_ntotal', metric_labels: { index: 'docs' }, metric_agg: 'last',
  comparator: '<', threshold: 100, window_minutes: 10, cooldown_seconds: 0,
};

async function openStore(backend: Backend): Promise<Store> {
  if (backend === 'sqlite') return createSqliteStore({ file: path.join(tempDir(), 'tracehub.db') });
  return createPostgresStore({ connectionString: await createTestDatabase(), maxConnections: 4 });
}

const start = async (backend: Backend) => createServer(decisionTestConfig({ alertIntervalSeconds: INTERVAL_SECONDS, ingestWorker: false }), {
  store: await openStore(backend), logger: false, decision: decisionSettings(PRIVATE_TARGETS_ALLOWED),
});

async function report(server: RunningServer, value: number, index: string) {
  const res = await send(server.app, 'POST', '/api/v1/metrics/points', [{ name: 'faiss_ntotal', value, labels: { index } }]);
  expect(res.status).toBe(202);
  // Points are keyed by time (milliseconds): the next one is later.
  await new Promise((r) => setTimeout(r, 5));
}

const rule = async (server: RunningServer, id: string) => (await send(server.app, 'GET', `/api/v1/alerts/rules/${id}`)).body;
const alerts = async (server: RunningServer, query = '') => (await send(server.app, 'GET', `/api/v1/alerts${query}`)).body;

describe.each(BACKENDS)('alert rules on application metrics on %s', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('fires on the labelled metric’s aggregate and resolves when it recovers', async () => {
    const server = await start(backend);
    cleanups.push(server.close);
    const created = await send(server.app, 'POST', '/api/v1/alerts/rules', RULE);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'app_metric', metric_name: 'faiss_ntotal', metric_labels: { index: 'docs' }, metric_agg: 'last' });
    const id = created.body.rule_id;
    // No point yet: nothing to measure.
    await waitFor(async () => (await rule(server, id)).last_evaluated_at);
    expect((await rule(server, id)).state).toBe('no_data');

    // Another label set below the threshold, reported later, does not count; the watched one does.
    await report(server, 500, 'docs');
    await report(server, 1, 'tools');
    await waitFor(async () => (await rule(server, id)).last_value === 500);
    expect((await rule(server, id)).state).toBe('ok');
    await report(server, 40, 'docs');
    const firing = await waitFor(async () => (await alerts(server, '?status=firing')).items[0]);
    expect(firing).toMatchObject({ rule_id: id, kind: 'app_metric', value: 40, threshold: 100 });

    await report(server, 900, 'docs');
    const resolved = await waitFor(async () => (await alerts(server, '?status=resolved')).items[0]);
    expect(resolved).toMatchObject({ alert_id: firing.alert_id, status: 'resolved', last_value: 900 });
    expect((await rule(server, id)).state).toBe('ok');
  });

  it('answers 400 for app_metric rules without a metric, with bad labels or a bad aggregate', async () => {
    const server = await start(backend);
    cleanups.push(server.close);
    const { metric_name: _, ...noMetric } = RULE;
    for (const body of [noMetric, { ...RULE, metric_agg: 'median' }, { ...RULE, metric_labels: { 'bad key!': 'x' } }, { ...RULE, metric_name: '1abc' }]) {
      const res = await send(server.app, 'POST', '/api/v1/alerts/rules', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error).toBeTruthy();
    }
    const created = await send(server.app, 'POST', '/api/v1/alerts/rules', { ...RULE, metric_agg: null });
    expect(created.status).toBe(201);
    const patch = (ruleId: string, body: unknown) => server.app.inject({
      method: 'PATCH', url: `/api/v1/alerts/rules/${ruleId}`, headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' }, payload: JSON.stringify(body),
    });
    expect((await patch(created.body.rule_id, { metric_name: null })).statusCode).toBe(400);
    expect((await patch(created.body.rule_id, { metric_labels: { index: 'tools' }, metric_agg: 'max' })).statusCode).toBe(200);
    const other = await send(server.app, 'POST', '/api/v1/alerts/rules', { name: 'errors', kind: 'error_rate', comparator: '>', threshold: 0.5 });
    expect((await patch(other.body.rule_id, { kind: 'app_metric' })).statusCode).toBe(400);
  });
});

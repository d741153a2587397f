/**
 * Alerts with two server processes (the built server, as `npm start` runs it) on one PostgreSQL
 * database: an error-rate rule fires once — one alert, one signed webhook — whichever process
 * evaluates it (issue 16 acceptance).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, tempDir } from '../src/storage/testing/test-stores.js';
import { verifyWebhookSignature } from '../src/decision/webhook-signature.js';
import { startReceiver, waitFor } from '../src/decision/testing/decision-test-kit.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from './process.js';

const INTERVAL_SECONDS = 1;

async function api(server: ServerProcess, method: string, route: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/v1${route}`, {
    method, headers: { 'x-api-key': 'dev-key', ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { total: number; secret: string } };
}

describe('alerts with two server processes on one PostgreSQL database', () => {
  const servers: ServerProcess[] = [];
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const s of servers) await stopServerProcess(s);
    for (const c of closers) await c();
  });

  it('fire once: one alert and one signed webhook', async () => {
    const receiver = await startReceiver(() => ({ status: 204 }));
    closers.push(receiver.close);
    const env = {
      TRACEHUB_DATABASE_URL: await createTestDatabase(), TRACEHUB_ALERT_INTERVAL_SECONDS: String(INTERVAL_SECONDS),
      TRACEHUB_ALLOW_PRIVATE_TARGETS: 'true', TRACEHUB_ADMIN_PASSWORD: 'alerts-admin-password', TRACEHUB_WEBHOOK_POLL_MS: '100',
    };
    // One after the other: the second finds the migrated schema.
    servers.push(await startServerProcess({ ...env, TRACEHUB_DATA_DIR: tempDir() }));
    servers.push(await startServerProcess({ ...env, TRACEHUB_DATA_DIR: tempDir() }));
    const [a, b] = servers;
    const hook = await api(a, 'POST', '/webhooks', { name: 'ops', url: `${receiver.url}/alerts` });
    expect(hook.status).toBe(201);
    const rule = await api(b, 'POST', '/alerts/rules', { name: 'errors', kind: 'error_rate', comparator: '>', threshold: 0.5, destinations: ['ops'] });
    expect(rule.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const at = Date.now();
      const trace = { trace_id: `p-err-${i}`, status: 'error', start_time: new Date(at).toISOString(), end_time: new Date(at + 10).toISOString() };
      expect((await api(a, 'POST', '/ingest/traces', { trace, spans: [] })).status).toBe(200);
    }
    await waitFor(async () => (await api(a, 'GET', '/alerts?status=firing')).body.total === 1, 15_000);
    await waitFor(() => receiver.received.length >= 1, 10_000);
    // Several more intervals on both servers: still one alert and one delivery.
    await new Promise((r) => setTimeout(r, INTERVAL_SECONDS * 4000));
    expect((await api(b, 'GET', '/alerts')).body.total).toBe(1);
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    expect(delivery.headers['x-tracehub-event']).toBe('alert.firing');
    expect(verifyWebhookSignature(hook.body.secret, delivery.body, delivery.headers['x-tracehub-signature'] as string)).toBe(true);
  }, 90_000);
});

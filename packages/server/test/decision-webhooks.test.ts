/** Webhook delivery on both backends: retries with backoff and a logged attempt each time; pending deliveries survive a restart. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { notificationViewSchema, pageOf } from '@tracehub/core';
import { BACKENDS, createTestDatabase, tempDir, type Backend } from '../src/storage/testing/test-stores.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { createPostgresStore } from '../src/storage/postgres/postgres-store.js';
import type { Store } from '../src/storage/store.js';
import { retryDelayMs } from '../src/decision/notification-dispatcher.js';
import { verifyWebhookSignature } from '../src/decision/webhook-signature.js';
import {
  decisionSettings,
  PRIVATE_TARGETS_ALLOWED,
  SEED_DECIDE,
  SEED_POLICY,
  send,
  startDecisionServer,
  startReceiver,
  waitFor,
} from '../src/decision/testing/decision-test-kit.js';
import { SEED_TRACE } from './helpers.js';

const SECRET = 's3cret';
const PII = { ...SEED_DECIDE, response_payload: { text: '주민번호 900101-1234567' } };

/** Opens stores over one database, again and again (a restart reopens the same data). */
async function database(backend: Backend): Promise<() => Store> {
  if (backend === 'sqlite') {
    const file = path.join(tempDir(), 'tracehub.db');
    return () => createSqliteStore({ file });
  }
  const url = await createTestDatabase();
  return () => createPostgresStore({ connectionString: url, maxConnections: 4 });
}

describe('webhook retry delays', () => {
  it('double per attempt, stay within the cap and honour Retry-After', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 60_000, mid))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(30, 1000, 60_000, mid)).toBe(60_000);
    expect(retryDelayMs(1, 1000, 60_000, () => 0)).toBe(800);
    expect(retryDelayMs(1, 1000, 60_000, () => 0.999)).toBeLessThanOrEqual(1200);
    expect(retryDelayMs(1, 1000, 60_000, mid, 5000)).toBe(5000);
  });
});

describe.each(BACKENDS)('webhooks on %s', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('delivers on the third attempt to a receiver that fails twice, and logs all three attempts', async () => {
    const receiver = await startReceiver((_r, i) => ({ status: i < 2 ? 500 : 204 }));
    cleanups.push(receiver.close);
    const open = await database(backend);
    const server = await startDecisionServer(open(), decisionSettings({ webhookUrls: [`${receiver.url}/a`], webhookSecret: SECRET, ...PRIVATE_TARGETS_ALLOWED }));
    cleanups.push(server.close);
    await send(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
    await send(server.app, 'POST', '/api/v1/policies', SEED_POLICY);
    const decided = await send(server.app, 'POST', '/api/v1/decide', PII);
    expect(decided.body).toMatchObject({ action: 'ESCALATE', reason_code: 'PII_DETECTED' });

    const delivered = await waitFor(async () => {
      const page = await send(server.app, 'GET', '/api/v1/notifications?status=delivered');
      return page.body.total === 1 ? pageOf(notificationViewSchema).parse(page.body).items[0] : null;
    });
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1); // the same signed body each time
    expect(receiver.received.map((r) => r.headers['x-tracehub-attempt'])).toEqual(['1', '2', '3']);
    expect(receiver.received.every((r) => verifyWebhookSignature(SECRET, r.body, r.headers['x-tracehub-signature'] as string))).toBe(true);
    expect(delivered).toMatchObject({ status: 'delivered', attempt_count: 3, last_status_code: 204, last_error: null, next_attempt_at: null });
    expect(delivered.attempts.map((a) => [a.attempt, a.ok, a.status_code, a.error])).toEqual([
      [1, false, 500, 'the receiver answered HTTP 500'],
      [2, false, 500, 'the receiver answered HTTP 500'],
      [3, true, 204, null],
    ]);
    expect(delivered.attempts.every((a) => a.duration_ms >= 0)).toBe(true);
    const gap = (i: number) => Date.parse(delivered.attempts[i + 1].created_at) - Date.parse(delivered.attempts[i].created_at);
    // Backoff 30 ms then 60 ms, ±20 % jitter: lower bounds hold however busy the machine is.
    expect(gap(0)).toBeGreaterThanOrEqual(24);
    expect(gap(1)).toBeGreaterThanOrEqual(48);
    const detail = await send(server.app, 'GET', `/api/v1/cases/${decided.body.case_id}`);
    expect(detail.body.notifications[0].attempts).toHaveLength(3);
  });

  it('gives up after the last attempt and reports the error of each', async () => {
    const open = await database(backend);
    // Nothing listens on port 9 (discard) on 127.0.0.1: every attempt is a refused connection.
    const server = await startDecisionServer(open(), decisionSettings({ webhookUrls: ['http://127.0.0.1:9/x'], webhookMaxAttempts: 2, ...PRIVATE_TARGETS_ALLOWED }));
    cleanups.push(server.close);
    await send(server.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
    await send(server.app, 'POST', '/api/v1/policies', SEED_POLICY);
    await send(server.app, 'POST', '/api/v1/decide', PII);
    const failed = await waitFor(async () => (await send(server.app, 'GET', '/api/v1/notifications?status=failed')).body.items[0]);
    expect(failed).toMatchObject({ status: 'failed', attempt_count: 2, last_status_code: null });
    expect(failed.attempts.map((a: { error: string }) => a.error)).toEqual([expect.stringMatching(/request failed/), expect.stringMatching(/request failed/)]);
  });

  it('resumes pending deliveries after a restart', async () => {
    let up = false;
    const receiver = await startReceiver(() => ({ status: up ? 200 : 503 }));
    cleanups.push(receiver.close);
    const open = await database(backend);
    const settings = decisionSettings({ webhookUrls: [`${receiver.url}/r`], webhookBackoffMs: 300, webhookMaxBackoffMs: 300, ...PRIVATE_TARGETS_ALLOWED });
    const first = await startDecisionServer(open(), settings);
    await send(first.app, 'POST', '/api/v1/ingest/traces', SEED_TRACE);
    await send(first.app, 'POST', '/api/v1/policies', SEED_POLICY);
    const decided = await send(first.app, 'POST', '/api/v1/decide', PII);
    await waitFor(() => receiver.received.length >= 1);
    await first.close();
    const seen = receiver.received.length;
    up = true;
    const second = await startDecisionServer(open(), settings);
    cleanups.push(second.close);
    const detail = await waitFor(async () => {
      const c = await send(second.app, 'GET', `/api/v1/cases/${decided.body.case_id}`);
      return c.body.notifications[0].status === 'delivered' ? c.body : null;
    });
    expect(receiver.received.length).toBe(seen + 1);
    expect(detail.notifications[0].attempts.at(-1)).toMatchObject({ ok: true, status_code: 200 });
    expect(detail.notifications[0].attempts[0]).toMatchObject({ ok: false, status_code: 503 });
  });
});

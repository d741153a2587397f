/**
 * `backup_stale` alert rules (issue 18 item 1) on both backends: with no schedule the rule has no
 * data; it fires when the last successful scheduled backup is older than the threshold (hours) or
 * when the last run failed, and resolves after a success. The outcome is read from the store
 * (backup-outcome.ts), as the scheduler of any server on the database records it.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, createTestDatabase, tempDir, type Backend } from '../src/storage/testing/test-stores.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { createPostgresStore } from '../src/storage/postgres/postgres-store.js';
import type { Store } from '../src/storage/store.js';
import { createServer, type RunningServer } from '../src/server.js';
import { recordBackupOutcome } from '../src/backup/backup-outcome.js';
import { decisionSettings, decisionTestConfig, PRIVATE_TARGETS_ALLOWED, send, waitFor } from '../src/decision/testing/decision-test-kit.js';

const HOUR = 3_600_000;

async function openStore(backend: Backend): Promise<Store> {
  if (backend === 'sqlite') return createSqliteStore({ file: path.join(tempDir(), 'tracehub.db') });
  return createPostgresStore({ connectionString: await createTestDatabase(), maxConnections: 4 });
}

const alerts = async (server: RunningServer, query: string) => (await send(server.app, 'GET', `/api/v1/alerts${query}`)).body;

describe.each(BACKENDS)('backup_stale alerts on %s', (backend) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('fires on a stale or failed backup and resolves after a success', async () => {
    const store = await openStore(backend);
    const server = await createServer(decisionTestConfig({ alertIntervalSeconds: 0.4, ingestWorker: false }), {
      store, logger: false, decision: decisionSettings(PRIVATE_TARGETS_ALLOWED),
    });
    cleanups.push(server.close);
    const created = await send(server.app, 'POST', '/api/v1/alerts/rules', { name: 'backups', kind: 'backup_stale', comparator: '>', threshold: 2 });
    expect(created.status).toBe(201);
    const rule = async () => (await send(server.app, 'GET', `/api/v1/alerts/rules/${created.body.rule_id}`)).body;
    // No schedule has ever run on this database: nothing to measure.
    await waitFor(async () => (await rule()).last_evaluated_at);
    expect((await rule()).state).toBe('no_data');

    // The schedule's lease row exists (as after a first run), the last success was 5 hours ago.
    await store.retention.claimJob('backup', Date.now() * 1000, (Date.now() + HOUR) * 1000);
    await recordBackupOutcome(store.retention, 'success', Date.now() - 5 * HOUR);
    const stale = await waitFor(async () => (await alerts(server, '?status=firing')).items[0], 10_000);
    expect(stale).toMatchObject({ rule_id: created.body.rule_id, status: 'firing', threshold: 2 });
    expect(stale.value).toBeGreaterThanOrEqual(5);

    // A backup succeeds: resolved.
    await recordBackupOutcome(store.retention, 'success', Date.now());
    await waitFor(async () => (await alerts(server, '?status=firing')).total === 0, 10_000);
    expect((await alerts(server, '?status=resolved')).items[0]).toMatchObject({ alert_id: stale.alert_id });
    await waitFor(async () => (await rule()).state === 'ok', 10_000);

    // The next run fails: firing again although the last success is recent.
    await recordBackupOutcome(store.retention, 'failure', Date.now() + 1);
    const failed = await waitFor(async () => (await alerts(server, '?status=firing')).items[0], 10_000);
    expect(failed.alert_id).not.toBe(stale.alert_id);
    expect(failed.value).toBeLessThan(2);

    // Then one succeeds: resolved again.
    await recordBackupOutcome(store.retention, 'success', Date.now() + 2);
    await waitFor(async () => (await alerts(server, '?status=firing')).total === 0, 10_000);
  });
});

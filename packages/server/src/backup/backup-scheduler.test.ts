/** Scheduled backups: written when due, once for two servers on one store (the database lease), keep-last-N, failures in the log and /metrics. */
import fs from 'node:fs';
import path from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import { tempDir } from '../storage/testing/test-databases.js';
import { loadConfig } from '../config.js';
import { scheduledArchives, startBackupScheduler } from './backup-scheduler.js';
import { readBackupOutcome } from './backup-outcome.js';

const quietLog = () => {
  const lines: string[] = [];
  return { lines, info: (_: object, msg: string) => lines.push(msg), error: (_: object, msg: string) => lines.push(msg) };
};

describe('scheduled backups', () => {
  it('reads its settings, off without a directory, one line for a bad value', () => {
    expect(loadConfig({}).backups).toBeUndefined();
    expect(loadConfig({ TRACEHUB_BACKUP_DIR: '/b', TRACEHUB_BACKUP_INTERVAL_HOURS: '6', TRACEHUB_BACKUP_KEEP: '3' }).backups).toEqual({ dir: '/b', intervalMs: 6 * 3_600_000, keep: 3 });
    expect(() => loadConfig({ TRACEHUB_BACKUP_DIR: '/b', TRACEHUB_BACKUP_KEEP: '0' })).toThrow(/TRACEHUB_BACKUP_KEEP/);
  });

  it('two servers on one store write each due backup once, whatever their directories, and keep the newest N; a failure is logged and exported', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const store = createSqliteStore({ file: path.join(dataDir, 'tracehub.db') });
    await store.migrate();
    const dir = path.join(tempDir(), 'backups');
    const otherDir = path.join(tempDir(), 'backups');
    let clock = Date.now();
    const now = () => clock;
    const schedule = { dir, intervalMs: 60_000, keep: 2, checkMs: 3_600_000 };
    const registry = new Registry();
    const logs = quietLog();
    const a = startBackupScheduler({ store: { dataDir }, lease: store.retention, schedule, log: logs, registry, now });
    const b = startBackupScheduler({ store: { dataDir }, lease: store.retention, schedule: { ...schedule, dir: otherDir }, log: quietLog(), registry: new Registry(), now });
    const outcomes = await Promise.all([a.runDue(), b.runDue()]);
    expect(outcomes.filter((o) => o === 'written')).toHaveLength(1);
    expect(scheduledArchives(dir).length + scheduledArchives(otherDir).length).toBe(1);
    // Within the interval neither writes again: one by its own directory, the other by the lease.
    expect(await a.runDue()).not.toBe('written');
    expect(await b.runDue()).not.toBe('written');
    // Due again after the interval: one of the two writes; keep 2 of 3.
    for (let i = 0; i < 2; i++) {
      clock += 61_000;
      await new Promise((r) => setTimeout(r, 5));
      expect(await a.runDue()).toBe('written');
      expect(await b.runDue()).toBe('leased');
    }
    expect(scheduledArchives(dir)).toHaveLength(2);
    expect(scheduledArchives(otherDir).length).toBe(outcomes[0] === 'written' ? 0 : 1);
    expect(logs.lines.filter((l) => l === 'scheduled backup written')).toHaveLength(outcomes[0] === 'written' ? 3 : 2);
    let metrics = await registry.metrics();
    expect(metrics).toMatch(new RegExp(`tracehub_backup_runs_total\\{outcome="success"\\} ${outcomes[0] === 'written' ? 3 : 2}`));
    expect(metrics).toMatch(/tracehub_backup_last_run_failed 0/);
    const newestSeconds = Number(/^tracehub_backup_last_success_timestamp_seconds (\S+)$/m.exec(metrics)?.[1]);
    expect(Math.abs(newestSeconds - Date.now() / 1000)).toBeLessThan(60);
    // The outcome is in the database too, for backup_stale alert rules on any server.
    expect(await readBackupOutcome(store.retention)).toEqual({ scheduled: true, lastSuccessAt: clock, lastFailureAt: null });

    // The database file disappears: the run fails, the log says so, /metrics shows it, and the job is due again.
    fs.rmSync(path.join(dataDir, 'tracehub.db'), { force: true });
    clock += 61_000;
    expect(await a.runDue()).toBe('failed');
    expect(logs.lines.at(-1)).toBe('scheduled backup failed');
    metrics = await registry.metrics();
    expect(metrics).toMatch(/tracehub_backup_runs_total\{outcome="failure"\} 1/);
    expect(metrics).toMatch(/tracehub_backup_last_run_failed 1/);
    expect(await readBackupOutcome(store.retention)).toEqual({ scheduled: true, lastSuccessAt: clock - 61_000, lastFailureAt: clock });
    expect(await store.retention.claimJob('backup', clock * 1000, clock * 1000 + 1)).toBe(true);
    await Promise.all([a.stop(), b.stop()]);
    await store.close();
  });
});

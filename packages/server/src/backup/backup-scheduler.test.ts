/** Scheduled backups: written when due, once for two servers sharing the directory, keep-last-N, failures in the log and /metrics. */
import fs from 'node:fs';
import path from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../storage/sqlite/sqlite-store.js';
import { tempDir } from '../storage/testing/test-databases.js';
import { loadBackupSchedule, scheduledArchives, startBackupScheduler } from './backup-scheduler.js';

const quietLog = () => {
  const lines: string[] = [];
  return { lines, info: (_: object, msg: string) => lines.push(msg), error: (_: object, msg: string) => lines.push(msg) };
};

describe('scheduled backups', () => {
  it('reads its settings, off without a directory, one line for a bad value', () => {
    expect(loadBackupSchedule({})).toBeUndefined();
    expect(loadBackupSchedule({ TRACEHUB_BACKUP_DIR: '/b', TRACEHUB_BACKUP_INTERVAL_HOURS: '6', TRACEHUB_BACKUP_KEEP: '3' })).toEqual({ dir: '/b', intervalMs: 6 * 3_600_000, keep: 3 });
    expect(() => loadBackupSchedule({ TRACEHUB_BACKUP_DIR: '/b', TRACEHUB_BACKUP_KEEP: '0' })).toThrow(/TRACEHUB_BACKUP_KEEP/);
  });

  it('two servers on one directory write each due backup once and keep the newest N; a failure is logged and exported', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const store = createSqliteStore({ file: path.join(dataDir, 'tracehub.db') });
    await store.migrate();
    await store.close();
    const dir = path.join(tempDir(), 'backups');
    const schedule = { dir, intervalMs: 60_000, keep: 2, checkMs: 3_600_000 };
    const registry = new Registry();
    const logs = quietLog();
    const a = startBackupScheduler({ store: { dataDir }, schedule, log: logs, registry });
    const b = startBackupScheduler({ store: { dataDir }, schedule, log: quietLog(), registry: new Registry() });
    const outcomes = await Promise.all([a.runDue(), b.runDue()]);
    expect(outcomes.filter((o) => o === 'written')).toHaveLength(1);
    expect(scheduledArchives(dir)).toHaveLength(1);
    expect(await a.runDue()).toBe('not_due');
    // Due again (the newest archive is older than the interval): keep 2 of 3.
    for (let i = 0; i < 2; i++) {
      const newest = scheduledArchives(dir)[0]?.file as string;
      const old = new Date(Date.now() - 120_000);
      fs.utimesSync(newest, old, old);
      await new Promise((r) => setTimeout(r, 5));
      expect(await a.runDue()).toBe('written');
    }
    expect(scheduledArchives(dir)).toHaveLength(2);
    expect(logs.lines.filter((l) => l === 'scheduled backup written')).toHaveLength(3);
    let metrics = await registry.metrics();
    expect(metrics).toMatch(/tracehub_backup_runs_total\{outcome="success"\} 3/);
    expect(metrics).toMatch(/tracehub_backup_last_run_failed 0/);
    const newestSeconds = Number(/^tracehub_backup_last_success_timestamp_seconds (\S+)$/m.exec(metrics)?.[1]);
    expect(Math.abs(newestSeconds - Date.now() / 1000)).toBeLessThan(60);

    // The store disappears: the run fails, the log says so, /metrics shows it.
    fs.rmSync(dataDir, { recursive: true, force: true });
    const newest = scheduledArchives(dir)[0]?.file as string;
    const old = new Date(Date.now() - 120_000);
    fs.utimesSync(newest, old, old);
    expect(await a.runDue()).toBe('failed');
    expect(logs.lines.at(-1)).toBe('scheduled backup failed');
    metrics = await registry.metrics();
    expect(metrics).toMatch(/tracehub_backup_runs_total\{outcome="failure"\} 1/);
    expect(metrics).toMatch(/tracehub_backup_last_run_failed 1/);
    expect(fs.existsSync(path.join(dir, '.tracehub-backup.lease'))).toBe(false);
    await Promise.all([a.stop(), b.stop()]);
  });
});

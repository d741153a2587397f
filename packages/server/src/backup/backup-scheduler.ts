/**
 * Scheduled backups run by the server (TRACEHUB_BACKUP_DIR, TRACEHUB_BACKUP_INTERVAL_HOURS,
 * TRACEHUB_BACKUP_KEEP, read by config.ts; docs/operations.md): every interval an archive
 * `tracehub-<time>.tar` is written into the directory (backup.ts) and all but the newest KEEP are
 * deleted. Several servers on one database run each backup once, whatever directories they write to:
 * a run claims the job's lease row in the store (RetentionStore.claimJob, the lease retention takes
 * per project), which then holds the next run's time; a server killed mid-run leaves the lease to
 * expire after the stale limit. Outcomes go to the log and to `/metrics`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { StoreConfig } from '../storage/create-store.js';
import { jobLeaseRow, type RetentionStore } from '../storage/retention-store.js';
import type { BackupReport } from './backup.js';
import { recordBackupOutcome } from './backup-outcome.js';

// Under the test runner this module runs from src/ as TypeScript; the worker always runs the built file.
const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER_FILE = path.join(here.replace(`${path.sep}src${path.sep}`, `${path.sep}dist${path.sep}`), 'backup-worker.js');

/** Runs one backup in a worker thread, so the SQLite copy and the serialisation never block requests. */
function backupInWorker(store: StoreConfig, out: string): Promise<BackupReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: { store, out } });
    let settled = false;
    worker.once('message', (message: { report?: BackupReport; error?: string }) => {
      settled = true;
      if (message.report) resolve(message.report);
      else reject(new Error(message.error ?? 'backup worker failed'));
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`backup worker exited with code ${code}`));
    });
  });
}

/** The schedule; absent when TRACEHUB_BACKUP_DIR is not set. */
export interface BackupSchedule {
  dir: string;
  intervalMs: number;
  keep: number;
  /** How often the due check runs (default: a minute, or the interval when shorter). */
  checkMs?: number;
  /** A run's lease expires after this (default: 6 hours or twice the interval, the longer). */
  staleLeaseMs?: number;
}

// The server's names carry milliseconds; deploy/tracehub-backup.sh's carry seconds.
const ARCHIVE = /^tracehub-\d{8}T\d{6}(\d{3})?Z\.tar$/;
const JOB = 'backup';

/** The scheduled archives in `dir`, newest first. */
export function scheduledArchives(dir: string): Array<{ file: string; mtimeMs: number }> {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => ARCHIVE.test(name))
    .map((name) => ({ file: path.join(dir, name), mtimeMs: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs || b.file.localeCompare(a.file));
}

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A running schedule. */
export interface BackupScheduler {
  /** One due check now (tests); answers what happened. */
  runDue(): Promise<'written' | 'not_due' | 'leased' | 'failed'>;
  stop(): Promise<void>;
}

/**
 * Starts the schedule for the store named by `store`, leased through `lease` (the same database),
 * with its metrics on `registry`; `now` is the clock in ms (tests).
 */
export function startBackupScheduler(options: {
  store: StoreConfig; lease: Pick<RetentionStore, 'claimJob' | 'reschedule'>; schedule: BackupSchedule; log: Log; registry?: Registry; now?: () => number;
}): BackupScheduler {
  const { store, lease, schedule, log } = options;
  const now = options.now ?? Date.now;
  const registers = options.registry ? [options.registry] : [];
  const runs = new Counter({
    name: 'tracehub_backup_runs_total',
    help: 'Scheduled backups by outcome (success, failure); skipped checks are not counted.',
    labelNames: ['outcome'] as const,
    registers,
  });
  new Gauge({
    name: 'tracehub_backup_last_success_timestamp_seconds',
    help: 'When the newest scheduled backup archive in TRACEHUB_BACKUP_DIR was written (Unix seconds; 0 = none): alert when it is older than the interval.',
    registers,
    collect() {
      this.set((scheduledArchives(schedule.dir)[0]?.mtimeMs ?? 0) / 1000);
    },
  });
  const lastFailed = new Gauge({
    name: 'tracehub_backup_last_run_failed',
    help: "1 when this server's last scheduled backup failed, else 0.",
    registers,
  });
  const staleMs = schedule.staleLeaseMs ?? Math.max(6 * 3_600_000, 2 * schedule.intervalMs);

  /** Answers 'leased' when the database lease says another server runs this backup or ran it within the interval. */
  async function runDue(): Promise<'written' | 'not_due' | 'leased' | 'failed'> {
    let claimed = false;
    try {
      fs.mkdirSync(schedule.dir, { recursive: true, mode: 0o700 });
      const newest = scheduledArchives(schedule.dir)[0];
      if (newest && now() - newest.mtimeMs < schedule.intervalMs) return 'not_due';
      const started = now();
      claimed = await lease.claimJob(JOB, started * 1000, (started + staleMs) * 1000);
      if (!claimed) return 'leased';
      const stamp = new Date(started).toISOString().replace(/[-:]/g, '').replace('.', '');
      const report = await backupInWorker(store, path.join(schedule.dir, `tracehub-${stamp}.tar`));
      const removed = scheduledArchives(schedule.dir).slice(schedule.keep);
      for (const old of removed) fs.rmSync(old.file, { force: true });
      // The next run, on whichever server claims it then.
      await lease.reschedule(jobLeaseRow(JOB), (started + schedule.intervalMs) * 1000);
      runs.inc({ outcome: 'success' });
      lastFailed.set(0);
      await recordBackupOutcome(lease, 'success', now()).catch((err: unknown) => log.error({ err }, 'could not record the backup outcome'));
      const rows = Object.values(report.tables).reduce((a, b) => a + b, 0);
      log.info({ file: report.file, bytes: report.bytes, rows, ms: now() - started, removed: removed.length }, 'scheduled backup written');
      return 'written';
    } catch (error) {
      runs.inc({ outcome: 'failure' });
      lastFailed.set(1);
      log.error({ err: error, dir: schedule.dir }, 'scheduled backup failed');
      // Due again at the next check (on any server); if even this fails, the lease expires.
      if (claimed) await lease.reschedule(jobLeaseRow(JOB), now() * 1000).catch(() => {});
      if (claimed) await recordBackupOutcome(lease, 'failure', now()).catch(() => {});
      return 'failed';
    }
  }

  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const checkMs = schedule.checkMs ?? Math.min(60_000, schedule.intervalMs);
  const tick = () => {
    running = runDue().finally(() => {
      if (!stopped) timer = setTimeout(tick, checkMs).unref();
    });
  };
  timer = setTimeout(tick, checkMs).unref();
  return {
    runDue,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

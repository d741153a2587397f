/**
 * Scheduled backups run by the server (TRACEHUB_BACKUP_DIR, TRACEHUB_BACKUP_INTERVAL_HOURS,
 * TRACEHUB_BACKUP_KEEP; docs/operations.md): every interval an archive `tracehub-<time>.tar` is
 * written into the directory (backup.ts) and all but the newest KEEP are deleted. Several servers
 * sharing the directory run each backup once: a run takes the lease file `.tracehub-backup.lease`
 * (created exclusively; taken over when older than the stale limit) and skips when the newest
 * archive is younger than the interval. Outcomes go to the log and to `/metrics`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Counter, Gauge, type Registry } from 'prom-client';
import { z } from 'zod';
import { parseEnv } from '../env.js';
import type { StoreConfig } from '../storage/create-store.js';
import type { BackupReport } from './backup.js';

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
  /** A lease older than this is taken over (default: 6 hours or twice the interval, the longer). */
  staleLeaseMs?: number;
}

const emptyIsUnset = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === '' ? undefined : v), inner);
const schema = z.object({
  TRACEHUB_BACKUP_DIR: emptyIsUnset(z.string().min(1).optional()),
  TRACEHUB_BACKUP_INTERVAL_HOURS: emptyIsUnset(z.coerce.number().min(0.01).max(24 * 366).default(24)),
  TRACEHUB_BACKUP_KEEP: emptyIsUnset(z.coerce.number().int().min(1).max(10_000).default(7)),
});

/** Reads the backup schedule from the environment; throws one line naming a bad variable. */
export function loadBackupSchedule(env: Record<string, string | undefined>): BackupSchedule | undefined {
  const e = parseEnv(schema, env);
  if (!e.TRACEHUB_BACKUP_DIR) return undefined;
  return { dir: path.resolve(e.TRACEHUB_BACKUP_DIR), intervalMs: e.TRACEHUB_BACKUP_INTERVAL_HOURS * 3_600_000, keep: e.TRACEHUB_BACKUP_KEEP };
}

// The server's names carry milliseconds; deploy/tracehub-backup.sh's carry seconds.
const ARCHIVE = /^tracehub-\d{8}T\d{6}(\d{3})?Z\.tar$/;
const LEASE = '.tracehub-backup.lease';

/** The scheduled archives in `dir`, newest first. */
export function scheduledArchives(dir: string): Array<{ file: string; mtimeMs: number }> {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => ARCHIVE.test(name))
    .map((name) => ({ file: path.join(dir, name), mtimeMs: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs || b.file.localeCompare(a.file));
}

/** Takes the lease file; answers its release, or null when another server holds a fresh one. */
function takeLease(dir: string, staleMs: number): (() => void) | null {
  const file = path.join(dir, LEASE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs ?? 0);
      if (age < staleMs) return null;
      fs.rmSync(file, { force: true });
    }
  }
  return null;
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

/** Starts the schedule for the store named by `store`, with its metrics on `registry`. */
export function startBackupScheduler(options: { store: StoreConfig; schedule: BackupSchedule; log: Log; registry?: Registry }): BackupScheduler {
  const { store, schedule, log } = options;
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

  async function runDue(): Promise<'written' | 'not_due' | 'leased' | 'failed'> {
    try {
      fs.mkdirSync(schedule.dir, { recursive: true, mode: 0o700 });
      const newest = scheduledArchives(schedule.dir)[0];
      if (newest && Date.now() - newest.mtimeMs < schedule.intervalMs) return 'not_due';
      const release = takeLease(schedule.dir, staleMs);
      if (!release) return 'leased';
      try {
        // Checked again under the lease: another server may have just finished one.
        const again = scheduledArchives(schedule.dir)[0];
        if (again && Date.now() - again.mtimeMs < schedule.intervalMs) return 'not_due';
        const started = Date.now();
        const stamp = new Date(started).toISOString().replace(/[-:]/g, '').replace('.', '');
        const report = await backupInWorker(store, path.join(schedule.dir, `tracehub-${stamp}.tar`));
        const removed = scheduledArchives(schedule.dir).slice(schedule.keep);
        for (const old of removed) fs.rmSync(old.file, { force: true });
        runs.inc({ outcome: 'success' });
        lastFailed.set(0);
        const rows = Object.values(report.tables).reduce((a, b) => a + b, 0);
        log.info({ file: report.file, bytes: report.bytes, rows, ms: Date.now() - started, removed: removed.length }, 'scheduled backup written');
        return 'written';
      } finally {
        release();
      }
    } catch (error) {
      runs.inc({ outcome: 'failure' });
      lastFailed.set(1);
      log.error({ err: error, dir: schedule.dir }, 'scheduled backup failed');
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

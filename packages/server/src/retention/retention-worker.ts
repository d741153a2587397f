/**
 * Enforces retention in the background: looks for due projects a few times per interval; which server
 * enforces a project is settled by the lease in the store (storage/retention-store.ts).
 */
import type { RetentionLog, RetentionService } from './retention-service.js';

export interface RetentionWorker {
  /** Stops after the run in flight. */
  stop(): Promise<void>;
}

/** Starts the loop; its timer is unref()'d so it never keeps the process alive. */
export function startRetentionWorker(retention: Pick<RetentionService, 'enforceDue'>, intervalMs: number, log: RetentionLog): RetentionWorker {
  const tickMs = Math.max(50, Math.min(60_000, Math.floor(intervalMs / 4)));
  let stopped = false;
  const abort = new AbortController();
  let inFlight: Promise<unknown> = Promise.resolve();
  const tick = async () => {
    if (stopped) return;
    inFlight = retention.enforceDue(log, abort.signal).catch((error: unknown) => log.error({ err: error }, 'retention: could not claim projects'));
    await inFlight;
    if (!stopped) setTimeout(tick, tickMs).unref();
  };
  setTimeout(tick, tickMs).unref();
  return {
    async stop() {
      stopped = true;
      abort.abort();
      await inFlight;
    },
  };
}

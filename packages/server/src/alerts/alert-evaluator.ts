/**
 * Evaluates alert rules in the background (TRACEHUB_ALERT_INTERVAL_SECONDS). It looks for due rules
 * four times per interval, so a rule is evaluated between one and one and a quarter intervals after
 * its previous evaluation; which process evaluates a rule is settled by the lease in the store.
 */
import type { AlertLog, AlertService } from './alert-service.js';

/** A running evaluator. */
export interface AlertEvaluator {
  /** Stops after the evaluation in flight; runs once. */
  stop(): Promise<void>;
}

/** Starts the loop (its timer is unref()'d, so it never keeps the process alive). */
export function startAlertEvaluator(alerts: Pick<AlertService, 'evaluateDue'>, intervalMs: number, log: AlertLog & { error(obj: object, msg: string): void }): AlertEvaluator {
  const tickMs = Math.max(50, Math.floor(intervalMs / 4));
  let stopped = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = alerts.evaluateDue(log)
        .then(() => undefined, (e: unknown) => log.error({ err: e }, 'alert evaluation could not claim rules'))
        .finally(() => {
          running = null;
          schedule();
        });
    }, tickMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

/**
 * A gate in front of expensive work (password hashing, comparison workers): at most `concurrency`
 * jobs run at once, at most `maxWaiting` wait in line (first come, first served), and anything
 * beyond is refused at once with 503 and `Retry-After`, so a flood is answered quickly instead of
 * queueing without bound.
 */
import { BusyError } from './domain-errors.js';

/** How much work a gate lets through. */
export interface WorkGateOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** Jobs waiting for a turn; more are refused with BusyError. */
  maxWaiting: number;
  /** The BusyError message (one sentence saying what to do). */
  busyMessage: string;
}

/** A work gate; `run(job)` runs the job when its turn comes and answers its result. */
export interface WorkGate {
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Jobs running and waiting now. */
  load(): { running: number; waiting: number };
}

/** Creates a work gate (see WorkGateOptions). */
export function createWorkGate(options: WorkGateOptions): WorkGate {
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next(); // the slot passes straight to the next job
    else running--;
  };
  return {
    async run<T>(job: () => Promise<T>): Promise<T> {
      if (running < options.concurrency) running++;
      else if (waiting.length < options.maxWaiting) await new Promise<void>((resolve) => waiting.push(resolve));
      else throw new BusyError(options.busyMessage);
      try {
        return await job();
      } finally {
        release();
      }
    },
    load: () => ({ running, waiting: waiting.length }),
  };
}

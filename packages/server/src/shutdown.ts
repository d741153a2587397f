/**
 * Shutdown that always completes: each step runs with its own deadline, and a step that throws or
 * hangs is reported while the remaining steps still run (docs/security.md, Input limits).
 */

/** One named shutdown step and the most time it may take. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown> | unknown;
  timeoutMs: number;
}

/** Hard deadline of `npm start` after SIGTERM/SIGINT: the process exits by then whatever a step does. */
export const SHUTDOWN_DEADLINE_MS = 30_000;

/**
 * Runs `steps` in order. A step that throws or outlives its timeout is passed to `onFailure` and
 * the next step runs anyway. Never throws; answers the names of the steps that failed.
 */
export async function runShutdownSteps(
  steps: ShutdownStep[],
  onFailure: (step: string, error: unknown) => void = () => undefined,
): Promise<string[]> {
  const failed: string[] = [];
  for (const step of steps) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${step.name} did not finish within ${step.timeoutMs} ms`)), step.timeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([Promise.resolve().then(step.run), timeout]);
    } catch (error) {
      failed.push(step.name);
      onFailure(step.name, error);
    } finally {
      clearTimeout(timer);
    }
  }
  return failed;
}

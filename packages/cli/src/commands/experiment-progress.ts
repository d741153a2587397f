/** The live progress bar of `experiment run`: done, failed, rate, ETA and running cost, on stderr (TTY only). */
import cliProgress from 'cli-progress';
import type { RunProgress } from '@tracehub/evals';

/** Updates the bar from runner progress. */
export interface RunProgressBar {
  update(progress: RunProgress): void;
  stop(): void;
}

const formatEta = (seconds: number) => {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
};

/** Starts a bar labelled `label`; a no-op when stderr is not a terminal. */
export function startRunProgress(label: string): RunProgressBar {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {value}/{total} | failed {failed} (errors {errors}) | {rate}/s | ETA {eta_text} | $ {cost}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const elapsed = (Date.now() - p.startedAt) / 1000;
      const doneHere = p.done - p.skipped;
      const rate = elapsed > 0 ? doneHere / elapsed : 0;
      const payload = {
        failed: p.failed,
        errors: p.errors,
        rate: rate.toFixed(1),
        eta_text: rate > 0 ? formatEta((p.total - p.done) / rate) : '--',
        cost: p.cost.toFixed(4),
      };
      if (!started) {
        bar.start(p.total, p.done, payload);
        started = true;
      } else bar.update(p.done, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

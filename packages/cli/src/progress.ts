/** A progress bar on stderr for long work, shown only when stderr is a terminal. */
import cliProgress from 'cli-progress';

/** Advances the bar. */
export interface Progress {
  tick(amount?: number): void;
  /** Changes the total when it becomes known. */
  setTotal(total: number): void;
  stop(): void;
}

/** Starts a bar for `total` steps labelled `label`; a no-op when stderr is not a TTY. */
export function startProgress(label: string, total: number): Progress {
  if (!process.stderr.isTTY) return { tick: () => undefined, setTotal: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {value}/{total}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    tick: (amount = 1) => bar.increment(amount),
    setTotal: (value) => bar.setTotal(value),
    stop: () => bar.stop(),
  };
}

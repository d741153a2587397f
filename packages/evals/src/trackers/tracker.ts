/** The seam every tracker implements: Trace Hub, MLflow, Phoenix, Langfuse. */
import type { ItemRecord } from '../experiment-types.js';
import type { ItemTrace } from '../runner/item-trace.js';
import type { RunDescription } from '../runner/run-description.js';
import type { MetricsJson } from '../report/metrics.js';
import type { ManifestEntry } from '../report/manifest.js';

/** A finished (or interrupted) run as trackers see it at the end. */
export interface FinishedRun {
  description: RunDescription;
  status: 'completed' | 'interrupted' | 'failed';
  metrics: MetricsJson;
  records: ItemRecord[];
  /** The results directory and its files (the manifest entries), for artifact uploads. */
  dir: string;
  files: ManifestEntry[];
}

/** A place a run is mirrored to. Every tracker gets the same run id. */
export interface Tracker {
  readonly name: string;
  /** Checks configuration and reachability before the first model call; throws a TrackerError saying why. */
  check(): Promise<void>;
  /** Opens the run. `state` is what an earlier start of the same run returned (on --resume). Answers state to keep. */
  startRun(run: RunDescription, state: Record<string, unknown> | undefined): Promise<Record<string, unknown> | void>;
  /** Records one finished item (its trace and scores). */
  logItem(record: ItemRecord, trace: ItemTrace): Promise<void>;
  /** Records the summary, metrics and files, and closes the run. */
  finishRun(run: FinishedRun): Promise<void>;
}

/** A tracker problem; the message names the tracker and what to do. */
export class TrackerError extends Error {
  constructor(
    readonly tracker: string,
    message: string,
  ) {
    super(`${tracker}: ${message}`);
  }
}

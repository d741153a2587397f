/** Where `dataset collect` reads production traces from: this Trace Hub server or a Langfuse server. */

/** One production trace, reduced to what collect needs. */
export interface SourceTrace {
  id: string;
  name: string | null;
  timestamp: string;
  sessionId: string | null;
  /** The trace input: text (Trace Hub input_text) or any JSON (Langfuse input). */
  input: unknown;
  /** Written by `tracehub experiment run` (environment `experiment` or tag `experiment`). */
  experiment: boolean;
}

/** Filters every source understands. Times are ISO 8601; `until` is exclusive. */
export interface TraceQuery {
  since?: string;
  until?: string;
  sessionId?: string;
  status?: 'success' | 'error';
  name?: string;
}

/** Whether a trace was written by `tracehub experiment run`: the tracehub tracker sets environment `experiment`, both trackers tag it `experiment`. */
export const isExperimentTrace = (environment: string | null | undefined, tags: readonly string[] | null | undefined): boolean =>
  environment === 'experiment' || (tags ?? []).includes('experiment');

/** A source of traces, newest first, one page at a time. */
export interface TraceSource {
  /** Name for messages and case descriptions (`tracehub`, `langfuse`). */
  readonly name: string;
  /** Pages of traces matching `query`; `total` is reported once known. */
  pages(query: TraceQuery, onTotal?: (total: number) => void): AsyncIterable<SourceTrace[]>;
}

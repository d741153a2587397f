/** Who a run is: the identity and settings reports, trackers and the server record show. */
import type { LinkKeys, ModelConfig } from '../experiment-types.js';

/** One evaluator as configured in the run (type, name, weight, threshold and options). */
export interface EvaluatorDescription {
  type: string;
  name: string;
  weight: number;
  threshold: number | null;
  options: Record<string, unknown>;
}

/** The description of a run. */
export interface RunDescription {
  runId: string;
  name: string;
  dataset: { name: string; version: string; sha256: string; source: 'server' | 'local'; items: number };
  prompt: { name: string; version: string; label: string | null; content_hash: string; source: 'server' | 'local' };
  model: ModelConfig;
  judge: { provider: string; model: string; base_url: string | null } | null;
  evaluators: EvaluatorDescription[];
  linkKeys: LinkKeys;
  repetitions: number;
  concurrency: number;
  trackers: string[];
  groupBy: string[];
  startedAt: string;
  finishedAt: string | null;
  /** The Trace Hub web address, for links to item traces in reports. */
  traceHubUrl: string | null;
}

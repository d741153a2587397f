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

/** `v3` for a server version number, the version as is otherwise (`local-1a2b3c4d5e6f`). */
const versionText = (version: string) => (/^\d+$/.test(version) ? `v${version}` : version);

/**
 * What a run evaluated, one line each for the dataset and the prompt: name, version, label, source,
 * items and the full sha256 (a prompt's content hash). The CLI header and report.md both print these.
 */
export function describeSources(run: Pick<RunDescription, 'dataset' | 'prompt'>): { dataset: string; prompt: string } {
  const d = run.dataset;
  const p = run.prompt;
  return {
    dataset: `${d.name} ${versionText(d.version)} (${d.source}, ${d.items} items, sha256 ${d.sha256})`,
    prompt: `${p.name} ${versionText(p.version)}${p.label ? ` @${p.label}` : ''} (${p.source}, sha256 ${p.content_hash})`,
  };
}

/** The manifest's record of what was evaluated (source, name, version, sha256). */
export type EvaluatedSources = ReturnType<typeof evaluatedSources>;

/** What manifest.json records of the dataset and prompt a run evaluated. */
export function evaluatedSources(run: Pick<RunDescription, 'dataset' | 'prompt'>) {
  const { dataset: d, prompt: p } = run;
  return {
    dataset: { source: d.source, name: d.name, version: d.version, sha256: d.sha256, items: d.items },
    prompt: { source: p.source, name: p.name, version: p.version, label: p.label, sha256: p.content_hash },
  };
}

/** MLflow params, metrics and tags of a run (keys limited to MLflow's characters, one key per name; values to its lengths). */
import type { RunDescription } from '../runner/run-description.js';
import type { MetricsJson } from '../report/metrics.js';
import { sha256Hex } from '../hashing.js';

const MAX_KEY = 250;

/**
 * A name as MLflow accepts it (mlflow/utils/validation.py): Unicode letters and digits (Python's `\w`,
 * so 보안 stays 보안), `_ - . /` and space; no empty, `.` or `..` path segment and no leading `/` or
 * `..`; at most 250 characters. Anything else becomes `_`.
 */
function mlflowName(name: string): string {
  const cleaned = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_\-./ ]/gu, '_')
    .split('/')
    .map((segment) => (segment === '' || segment === '.' || segment === '..' ? '_' : segment))
    .join('/')
    .replace(/^\.\./, '_.');
  return Array.from(cleaned).slice(0, MAX_KEY).join('');
}

/**
 * MLflow keys for `names`, in order. Two different names never share a key: a name whose cleaned key
 * another name also gets keeps it only if it needed no cleaning; the others get `_` and 8 hex
 * characters of their name's sha256, the same in every run.
 */
export function mlflowKeys(names: string[]): string[] {
  const cleaned = names.map(mlflowName);
  const owners = new Map<string, Set<string>>();
  names.forEach((name, i) => owners.set(cleaned[i], (owners.get(cleaned[i]) ?? new Set()).add(name)));
  return names.map((name, i) => {
    const key = cleaned[i];
    if (key === name || (owners.get(key)?.size ?? 0) < 2) return key;
    return `${Array.from(key).slice(0, MAX_KEY - 9).join('')}_${sha256Hex(name).slice(0, 8)}`;
  });
}

const withKeys = <T extends { key: string }>(entries: T[]): T[] => {
  const keys = mlflowKeys(entries.map((e) => e.key));
  return entries.map((e, i) => ({ ...e, key: keys[i] }));
};
const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)).slice(0, 6000);

/** Tags set when the run is created: the run id and every link key (seed 004). */
export function mlflowTags(run: RunDescription): Array<{ key: string; value: string }> {
  const k = run.linkKeys;
  const pairs: Array<[string, unknown]> = [
    ['mlflow.runName', run.name], ['mlflow.source.name', 'tracehub'], ['run_id', run.runId],
    ['dataset_name', k.dataset_name], ['dataset_version', k.dataset_version], ['model_name', k.model_name], ['model_version', k.model_version],
    ['prompt_version', k.prompt_version], ['retrieval_version', k.retrieval_version], ['evaluation_profile', k.evaluation_profile],
    ['git_commit', k.git_commit], ['git_branch', k.git_branch], ['pipeline_version', k.pipeline_version],
    ...(k.git_commit ? ([['mlflow.source.git.commit', k.git_commit]] as Array<[string, unknown]>) : []),
  ];
  return pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([key, value]) => ({ key, value: text(value) }));
}

/** Params: the link keys and the run's settings. */
export function mlflowParams(run: RunDescription): Array<{ key: string; value: string }> {
  const k = run.linkKeys;
  const pairs: Array<[string, unknown]> = [
    ['run_id', run.runId], ['dataset_name', k.dataset_name], ['dataset_version', k.dataset_version], ['dataset_sha256', run.dataset.sha256],
    ['model_name', k.model_name], ['model_version', k.model_version], ['provider', run.model.provider], ['prompt_name', run.prompt.name],
    ['prompt_version', k.prompt_version], ['retrieval_version', k.retrieval_version], ['evaluation_profile', k.evaluation_profile],
    ['git_commit', k.git_commit], ['git_branch', k.git_branch], ['pipeline_version', k.pipeline_version],
    ['repetitions', run.repetitions], ['evaluators', run.evaluators.map((e) => e.name).join(',')],
    ['judge_model', run.judge?.model ?? null],
    ...Object.entries(run.model.parameters).map(([key, v]) => [`param.${key}`, v] as [string, unknown]),
  ];
  return withKeys(pairs.filter(([, v]) => v !== null && v !== undefined && v !== '').map(([key, value]) => ({ key, value: text(value) })));
}

/** Metrics: aggregations, pass rate, counts, cost, latency, per-evaluator means and pass rates, group means, pass@k and flakiness. */
export function mlflowMetrics(m: MetricsJson, timestamp: number): Array<{ key: string; value: number; timestamp: number; step: number }> {
  const pairs: Array<[string, number | null]> = [
    ['score_mean', m.aggregations.mean], ['score_median', m.aggregations.median], ['score_p50', m.aggregations.p50], ['score_p90', m.aggregations.p90],
    ['pass_rate', m.pass_rate], ['items', m.counts.items], ['passed', m.counts.passed], ['failed', m.counts.failed], ['errors', m.counts.errors],
    ['cost_total', m.cost.total], ['cost_evaluation', m.cost.evaluation], ['latency_ms_p50', m.latency_ms.p50], ['latency_ms_p90', m.latency_ms.p90],
    ['tokens_input', m.tokens.input], ['tokens_output', m.tokens.output],
    ...m.axes.flatMap((axis) => [[`${axis}_mean`, m.per_axis[axis]?.mean ?? null], [`${axis}_pass_rate`, m.per_axis[axis]?.pass_rate ?? null]] as Array<[string, number | null]>),
    ...Object.entries(m.by_group).flatMap(([field, values]) => Object.entries(values).map(([v, mean]) => [`group.${field}.${v}`, mean] as [string, number])),
    // Runs that repeat items: pass@k per k, and how many items flipped between repetitions.
    ...Object.entries(m.pass_at_k ?? {}).map(([k, value]) => [`pass_at_${k}`, value] as [string, number | null]),
    ...(m.flakiness ? ([['flaky_items', m.flakiness.flaky_items], ['flaky_rate', m.flakiness.flaky_rate], ['mean_flip_rate', m.flakiness.mean_flip_rate]] as Array<[string, number | null]>) : []),
  ];
  return withKeys(pairs.filter(([, v]) => typeof v === 'number' && Number.isFinite(v)).map(([key, value]) => ({ key, value: value as number, timestamp, step: 0 })));
}

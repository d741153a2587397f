/**
 * The monitored application's figures for `GET /metrics`, read at scrape time from the per-minute
 * rollups over a recent window (never from spans), cached briefly so a scrape storm costs the
 * database one read per cache period. Labels stay low-cardinality: project name, environment,
 * model, decision action and eval result only — no trace ids, user ids or free text — and each
 * label has a capped number of values; the rest are summed under `other`.
 */
import { Gauge, type Registry } from 'prom-client';
import { EXPERIMENT_ENVIRONMENT, histogramQuantiles } from '@tracehub/core';
import type { ProjectStore, TraceReadStore } from '../storage/store.js';

/** Most projects reported per scrape (the first ones listed); more are left out and counted. */
export const MAX_PROJECTS = 50;
/** Most environment values per project; the rest are summed as `other`. */
export const MAX_ENVIRONMENTS = 10;
/** Most model values per project; the rest are summed as `other`. */
export const MAX_MODELS = 20;
/** Most decision actions per project (the five of the engine fit; anything else folds into `other`). */
export const MAX_ACTIONS = 8;
/** Label values longer than this are cut. */
const MAX_LABEL_LENGTH = 64;
const QUANTILES = [0.5, 0.95, 0.99] as const;

/** Settings of the application figures. */
export interface AppFiguresOptions {
  /** The window the figures cover, in minutes (default 15). */
  windowMinutes?: number;
  /** How long one read is reused, in milliseconds (default 10 s). */
  cacheMs?: number;
}

interface Usage { traces: number; errors: number; input_tokens: number; output_tokens: number; cost: number }
const emptyUsage = (): Usage => ({ traces: 0, errors: 0, input_tokens: 0, output_tokens: 0, cost: 0 });

const labelValue = (value: string) => (value === '' ? 'none' : value.length > MAX_LABEL_LENGTH ? value.slice(0, MAX_LABEL_LENGTH) : value);

/** Keeps the `max` values with the largest weight; every other value maps to `other`. */
export function capLabelValues(weights: Map<string, number>, max: number): (value: string) => string {
  const kept = new Set([...weights.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, max).map(([v]) => v));
  return (value) => (kept.has(value) ? labelValue(value) : 'other');
}

const add = <K>(map: Map<K, number>, key: K, n: number) => map.set(key, (map.get(key) ?? 0) + n);

/** Registers the application gauges on `registry`; `refresh()` re-reads them unless the last read is fresh. */
export function createAppFigures(
  store: { traces: Pick<TraceReadStore, 'statsRollups'>; projects: Pick<ProjectStore, 'listProjects'> },
  registry: Registry,
  now: () => number,
  options: AppFiguresOptions = {},
) {
  const windowMinutes = options.windowMinutes ?? 15;
  const windowMicros = windowMinutes * 60_000_000;
  const cacheMs = options.cacheMs ?? 10_000;
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help: `${help} Over the last ${windowMinutes} minutes (tracehub_app_window_seconds).`, labelNames, registers: [registry] });
  const traceLabels = ['project', 'environment', 'model'] as const;
  const g = {
    window: new Gauge({ name: 'tracehub_app_window_seconds', help: 'The window the tracehub_app_* figures cover, in seconds.', registers: [registry] }),
    projectsLeftOut: new Gauge({ name: 'tracehub_app_projects_left_out', help: `Projects beyond the first ${MAX_PROJECTS} that /metrics does not report.`, registers: [registry] }),
    traces: gauge('tracehub_app_traces', 'Traces of the monitored application by start time.', traceLabels),
    errors: gauge('tracehub_app_trace_errors', 'Traces that ended in error.', traceLabels),
    inputTokens: gauge('tracehub_app_input_tokens', 'Input tokens of the traces.', traceLabels),
    outputTokens: gauge('tracehub_app_output_tokens', 'Output tokens of the traces.', traceLabels),
    cost: gauge('tracehub_app_cost', 'Cost of the traces (price table currency, USD by default).', traceLabels),
    latency: gauge('tracehub_app_trace_latency_seconds', 'Trace latency quantiles (from 10-minute histograms, within 5 %).', ['project', 'environment', 'quantile'] as const),
    llmCalls: gauge('tracehub_app_llm_calls', 'Spans that name a model (LLM calls) by model.', ['project', 'model'] as const),
    llmErrors: gauge('tracehub_app_llm_call_errors', 'LLM call spans that ended in error.', ['project', 'model'] as const),
    llmLatency: gauge('tracehub_app_llm_latency_seconds', 'LLM call latency quantiles by model.', ['project', 'model', 'quantile'] as const),
    decisions: gauge('tracehub_app_decisions', 'Decisions of the traces by action.', ['project', 'action'] as const),
    evals: gauge('tracehub_app_evals', 'Evaluation results of the traces by result (passed, failed).', ['project', 'result'] as const),
    passRate: gauge('tracehub_app_eval_pass_rate', 'Share of passed evaluations, 0..1 (absent without evaluations).', ['project'] as const),
  };
  let fresh: { at: number; read: Promise<void> } | null = null;

  async function read(): Promise<void> {
    const to = now();
    const from = to - windowMicros;
    const projects = await store.projects.listProjects();
    const reported = projects.slice(0, MAX_PROJECTS);
    const figures = await Promise.all(
      reported.map(async (p) => ({ project: p, rollups: await store.traces.statsRollups(p.project_id, from, to, windowMicros, { excludeEnvironment: EXPERIMENT_ENVIRONMENT }) })),
    );
    for (const metric of Object.values(g)) metric.reset();
    g.window.set(windowMinutes * 60);
    g.projectsLeftOut.set(projects.length - reported.length);
    for (const { project: p, rollups } of figures) {
      const project = labelValue(p.name);
      const envWeights = new Map<string, number>();
      const modelWeights = new Map<string, number>();
      for (const r of rollups.traces) {
        add(envWeights, r.environment, r.traces);
        add(modelWeights, r.model, r.traces);
      }
      for (const r of rollups.spans) if (r.model) add(modelWeights, r.model, r.spans);
      const env = capLabelValues(envWeights, MAX_ENVIRONMENTS);
      const model = capLabelValues(modelWeights, MAX_MODELS);

      const usage = new Map<string, { environment: string; model: string; u: Usage }>();
      for (const r of rollups.traces) {
        const labels = { environment: env(r.environment), model: model(r.model) };
        const key = `${labels.environment}\u0000${labels.model}`;
        const entry = usage.get(key) ?? { ...labels, u: emptyUsage() };
        entry.u.traces += r.traces;
        entry.u.errors += r.errors;
        entry.u.input_tokens += r.input_tokens;
        entry.u.output_tokens += r.output_tokens;
        entry.u.cost += r.cost;
        usage.set(key, entry);
      }
      for (const { environment, model: m, u } of usage.values()) {
        const labels = { project, environment, model: m };
        g.traces.set(labels, u.traces);
        g.errors.set(labels, u.errors);
        g.inputTokens.set(labels, u.input_tokens);
        g.outputTokens.set(labels, u.output_tokens);
        g.cost.set(labels, Math.round(u.cost * 1e6) / 1e6);
      }

      const calls = new Map<string, { spans: number; errors: number }>();
      for (const r of rollups.spans) {
        if (!r.model) continue;
        const m = model(r.model);
        const entry = calls.get(m) ?? { spans: 0, errors: 0 };
        entry.spans += r.spans;
        entry.errors += r.errors;
        calls.set(m, entry);
      }
      for (const [m, c] of calls) {
        g.llmCalls.set({ project, model: m }, c.spans);
        g.llmErrors.set({ project, model: m }, c.errors);
      }

      // Latency histograms per series (`trace:<environment>`, `span:<model>`), merged under the capped labels.
      const histograms = new Map<string, Map<number, number>>();
      for (const r of rollups.latency) {
        const [kind, ...rest] = r.series.split(':');
        const name = rest.join(':');
        const key = kind === 'trace' ? `trace\u0000${env(name)}` : kind === 'span' && name ? `span\u0000${model(name)}` : null;
        if (!key) continue;
        const counts = histograms.get(key) ?? new Map<number, number>();
        add(counts, r.lat_bucket, r.count);
        histograms.set(key, counts);
      }
      for (const [key, counts] of histograms) {
        const [kind, name] = key.split('\u0000');
        const values = histogramQuantiles(counts, [...QUANTILES]);
        QUANTILES.forEach((q, i) => {
          const ms = values[i];
          if (ms === null) return;
          if (kind === 'trace') g.latency.set({ project, environment: name, quantile: String(q) }, ms / 1000);
          else g.llmLatency.set({ project, model: name, quantile: String(q) }, ms / 1000);
        });
      }

      const actions = capLabelValues(new Map(Object.entries(rollups.decisions)), MAX_ACTIONS);
      const decisions = new Map<string, number>();
      for (const [action, n] of Object.entries(rollups.decisions)) add(decisions, actions(action), n);
      for (const [action, n] of decisions) g.decisions.set({ project, action }, n);

      g.evals.set({ project, result: 'passed' }, rollups.evals.passed);
      g.evals.set({ project, result: 'failed' }, rollups.evals.failed);
      const judged = rollups.evals.passed + rollups.evals.failed;
      if (judged > 0) g.passRate.set({ project }, rollups.evals.passed / judged);
    }
  }

  return {
    /** Re-reads the figures unless the last read is younger than the cache period; concurrent scrapes share one read. */
    refresh(): Promise<void> {
      const at = Date.now();
      if (fresh && at - fresh.at < cacheMs) return fresh.read;
      const current = { at, read: read() };
      fresh = current;
      current.read.catch(() => {
        if (fresh === current) fresh = null;
      });
      return current.read;
    },
  };
}

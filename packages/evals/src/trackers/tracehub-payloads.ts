/** Request bodies for Trace Hub: an item's trace (`/ingest/traces`), its scores (`/evals`), the run (`/experiments`). */
import type { ExperimentItemInput, ExperimentRunInput } from '@tracehub/core';
import type { ItemRecord } from '../experiment-types.js';
import type { ItemTrace } from '../runner/item-trace.js';
import type { RunDescription } from '../runner/run-description.js';
import type { MetricsJson } from '../report/metrics.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** Body of `POST /api/v1/ingest/traces` for one item: the trace and all its spans (parents first). */
export function traceIngestBody(trace: ItemTrace, run: RunDescription) {
  return {
    trace: {
      trace_id: trace.traceId,
      name: trace.name.slice(0, 512),
      status: trace.status,
      start_time: iso(trace.startMs),
      end_time: iso(trace.endMs),
      model: run.model.model.slice(0, 256),
      environment: 'experiment',
      session_id: run.runId,
      input_text: trace.input,
      output_text: trace.output,
      attributes: trace.attributes,
      tags: ['experiment', `run:${run.runId}`.slice(0, 128)],
      release: `prompt ${run.prompt.name} v${run.prompt.version}`.slice(0, 128),
      version: run.linkKeys.pipeline_version.slice(0, 128),
    },
    spans: trace.spans.map((s) => ({
      span_id: s.spanId,
      parent_span_id: s.parentSpanId,
      name: s.name.slice(0, 512),
      span_type: s.type,
      status: s.status,
      start_time: iso(s.startMs),
      end_time: iso(Math.max(s.endMs, s.startMs)),
      model: s.model,
      input: s.input,
      output: s.output,
      attributes: s.attributes,
      input_tokens: s.inputTokens,
      output_tokens: s.outputTokens,
      cost: s.cost,
      status_message: s.statusMessage ? s.statusMessage.slice(0, 10_000) : null,
    })),
    allow_missing_parent: false,
  };
}

/** Body of `POST /api/v1/evals`: every score of the item on its evaluator's span, source `experiment`. */
export function evalsBody(trace: ItemTrace, record: ItemRecord) {
  return {
    evals: trace.scores.map(({ spanId, name, score }) => ({
      trace_id: trace.traceId,
      span_id: spanId,
      eval_name: name,
      eval_model: score.eval_model ?? null,
      score: score.score,
      passed: score.passed,
      label: score.status === 'ok' ? (score.passed ? 'pass' : 'fail') : score.status,
      comment: score.comment,
      metadata: { run_id: record.run_id, item_id: record.item_id, repetition: record.repetition, status: score.status, weight: score.weight, threshold: score.threshold },
      source: 'experiment',
      idempotency_key: `experiment:${record.run_id}:${trace.traceId}:${name}`.slice(0, 256),
    })),
  };
}

/** The run part of `POST /api/v1/experiments`. */
export function runBody(run: RunDescription, status: ExperimentRunInput['status'], metrics: MetricsJson | null): Record<string, unknown> {
  const k = run.linkKeys;
  return {
    run_id: run.runId,
    name: run.name,
    status,
    dataset_name: run.dataset.name,
    dataset_version: run.dataset.version,
    dataset_sha256: run.dataset.sha256,
    model_name: run.model.model,
    model_version: k.model_version,
    provider: run.model.provider,
    prompt_name: run.prompt.name,
    prompt_version: run.prompt.version,
    retrieval_version: k.retrieval_version,
    evaluation_profile: k.evaluation_profile,
    git_commit: k.git_commit,
    git_branch: k.git_branch,
    pipeline_version: k.pipeline_version,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    summary: metrics
      ? { ...metrics.counts, pass_rate: metrics.pass_rate, mean_score: metrics.aggregations.mean, cost: metrics.cost.total, eval_cost: metrics.cost.evaluation, tokens: metrics.tokens, latency_ms: metrics.latency_ms }
      : { items: run.dataset.items * run.repetitions },
    metrics: metrics ?? {},
    config: {
      evaluators: run.evaluators,
      repetitions: run.repetitions,
      concurrency: run.concurrency,
      trackers: run.trackers,
      judge: run.judge,
      parameters: run.model.parameters,
      base_url: run.model.base_url,
      group_by: run.groupBy,
      dataset_source: run.dataset.source,
      prompt_label: run.prompt.label,
      prompt_content_hash: run.prompt.content_hash,
    },
  };
}

/** One item of `POST /api/v1/experiments`. */
export function itemBody(record: ItemRecord): ExperimentItemInput {
  return {
    key: record.key,
    item_id: record.item_id,
    repetition: record.repetition,
    trace_id: record.trace_id,
    status: record.status,
    passed: record.passed,
    score: record.score,
    scores: record.scores,
    input: record.input,
    output: record.output,
    expected: record.expected,
    metadata: record.metadata ?? {},
    latency_ms: record.latency_ms,
    cost: record.cost,
    input_tokens: record.input_tokens,
    output_tokens: record.output_tokens,
    error: record.error ? record.error.slice(0, 10_000) : null,
  };
}

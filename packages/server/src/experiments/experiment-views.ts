/** Stored experiment rows → API views, and API bodies → rows. */
import { microsToIsoOrNull, microsToIso, type CreateExperimentBody, type ExperimentItemView, type ExperimentView } from '@tracehub/core';
import type { ExperimentItemRow, ExperimentRow, ExperimentSummaryRow } from '../storage/experiment-store.js';

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));
const noNul = (text: string | null | undefined) => (text == null ? null : text.replace(/\u0000/g, ''));

/** A run as the API shows it. */
export function experimentView(row: ExperimentSummaryRow): ExperimentView {
  return {
    run_id: row.run_id, name: row.name, status: row.status as ExperimentView['status'], dataset_name: row.dataset_name,
    dataset_version: row.dataset_version, dataset_sha256: row.dataset_sha256, model_name: row.model_name, model_version: row.model_version,
    provider: row.provider, prompt_name: row.prompt_name, prompt_version: row.prompt_version, retrieval_version: row.retrieval_version,
    evaluation_profile: row.evaluation_profile, git_commit: row.git_commit, git_branch: row.git_branch, pipeline_version: row.pipeline_version,
    started_at: microsToIsoOrNull(row.started_at), finished_at: microsToIsoOrNull(row.finished_at), item_count: row.item_count,
    summary: parse(row.summary) as Record<string, unknown>, metrics: parse(row.metrics) as Record<string, unknown>, config: parse(row.config) as Record<string, unknown>,
    created_at: microsToIso(row.created_at), updated_at: microsToIso(row.updated_at),
  };
}

/** An item as the API shows it. */
export function experimentItemView(row: ExperimentItemRow): ExperimentItemView {
  return {
    key: row.item_key, item_id: row.item_id, repetition: row.repetition, trace_id: row.trace_id, status: row.status as ExperimentItemView['status'],
    passed: row.passed === 1, score: row.score, scores: parse(row.scores) as ExperimentItemView['scores'], input: parse(row.input), output: row.output,
    expected: parse(row.expected), metadata: parse(row.metadata) as Record<string, unknown>, latency_ms: row.latency_ms, cost: row.cost,
    input_tokens: row.input_tokens, output_tokens: row.output_tokens, error: row.error,
  };
}

/** The run row of a body. */
export function runRow(projectId: string, run: CreateExperimentBody['run'], now: number): ExperimentRow {
  return {
    project_id: projectId, run_id: run.run_id, name: run.name, status: run.status, dataset_name: run.dataset_name,
    dataset_version: run.dataset_version ?? null, dataset_sha256: run.dataset_sha256 ?? null, model_name: run.model_name,
    model_version: run.model_version ?? null, provider: run.provider ?? null, prompt_name: run.prompt_name ?? null,
    prompt_version: run.prompt_version ?? null, retrieval_version: run.retrieval_version ?? null, evaluation_profile: run.evaluation_profile ?? null,
    git_commit: run.git_commit ?? null, git_branch: run.git_branch ?? null, pipeline_version: run.pipeline_version ?? null,
    started_at: run.started_at ?? null, finished_at: run.finished_at ?? null, summary: JSON.stringify(run.summary), metrics: JSON.stringify(run.metrics),
    config: JSON.stringify(run.config), created_at: now, updated_at: now,
  };
}

/** The item rows of a body. */
export function itemRows(projectId: string, runId: string, items: CreateExperimentBody['items'], now: number): ExperimentItemRow[] {
  return items.map((item) => ({
    project_id: projectId, run_id: runId, item_key: item.key, item_id: item.item_id, repetition: item.repetition, trace_id: item.trace_id ?? null,
    status: item.status, passed: item.passed ? 1 : 0, score: item.score, scores: JSON.stringify(item.scores), input: json(item.input),
    output: noNul(item.output), expected: json(item.expected), metadata: JSON.stringify(item.metadata), latency_ms: item.latency_ms ?? null,
    cost: item.cost ?? null, input_tokens: item.input_tokens ?? null, output_tokens: item.output_tokens ?? null, error: noNul(item.error),
    updated_at: now, position: 0,
  }));
}

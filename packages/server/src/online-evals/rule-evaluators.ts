/**
 * Runs a rule's evaluators on one trace with the experiments' own evaluator factories
 * (`@tracehub/evals`: keywords, forbidden, regex, json_schema, similarity, llm_judge with its
 * structured judge loop, custom modules), the judge reached through the operator's named
 * connection (model-connections.ts: the outbound-guarded fetch, or the built-in `offline` provider).
 */
import { randomUUID } from 'node:crypto';
import type { PriceTable } from '@tracehub/core';
import type { Evaluator, EvaluatorSpec, ModelCallRecord, ModelProvider } from '@tracehub/evals';
import type { ModelConnections } from '../model-connections/model-connections.js';
import type { EvaluationRuleRow } from '../storage/online-eval-store.js';
import type { EvalRow, TraceRow } from '../storage/rows.js';


/** A rule's evaluators, built once per rule version. */
export interface RuleEvaluators {
  evaluators: Evaluator[];
  judgeModel: string;
  provider: ModelProvider;
}

/** What one evaluation of a trace produced. */
export interface TraceEvaluation {
  evals: EvalRow[];
  calls: ModelCallRecord[];
  cost: number;
}

/** A judge call failed (network, 5xx after the client's own retries): the item is retried later. */
export class JudgeUnavailableError extends Error {}

/** Builds the rule's evaluators (throws a readable message on a bad spec or connection). */
export async function buildRuleEvaluators(rule: Pick<EvaluationRuleRow, 'evaluators' | 'connection' | 'model'>, connections: ModelConnections, prices: PriceTable, cwd: string): Promise<RuleEvaluators> {
  const { provider, model } = connections.resolve(rule.connection, rule.model);
  const specs = JSON.parse(rule.evaluators) as EvaluatorSpec[];
  // The evaluator factories (and the openai client, xlsx, markdown with them) load on first use, not at server start.
  const { createEvaluators } = await import('@tracehub/evals');
  const evaluators = await createEvaluators(specs, { cwd, provider, settings: { provider, model, prices } });
  return { evaluators, judgeModel: model, provider };
}

/** Scores one trace with every evaluator of the rule; scores are stored with source `online`. */
export async function evaluateTrace(rule: EvaluationRuleRow, built: RuleEvaluators, trace: TraceRow, at: number): Promise<TraceEvaluation> {
  const { expectedFields } = await import('@tracehub/evals');
  const evals: EvalRow[] = [];
  const calls: ModelCallRecord[] = [];
  for (const evaluator of built.evaluators) {
    const result = await evaluator.evaluate({
      key: trace.trace_id, itemId: trace.trace_id, repetition: 0, input: trace.input_text, messages: [],
      output: trace.output_text ?? '', expected: expectedFields(null), metadata: {}, latencyMs: trace.latency_ms,
      cost: trace.cost, usage: { input_tokens: trace.input_tokens, output_tokens: trace.output_tokens }, baselineOutput: null,
    });
    calls.push(...(result.calls ?? []));
    const failedCall = result.status === 'error' && (result.calls ?? []).some((c) => c.output === null && c.error);
    if (failedCall) throw new JudgeUnavailableError(result.comment?.reasoning ?? `evaluator ${evaluator.name}: the judge call failed`);
    const passed = result.passed ?? (result.score === null || evaluator.threshold === null ? null : result.score >= evaluator.threshold);
    evals.push({
      project_id: rule.project_id, eval_id: randomUUID(), trace_id: trace.trace_id, span_id: null, eval_name: evaluator.name,
      eval_model: evaluator.type === 'llm_judge' ? (result.evalModel ?? built.judgeModel) : (result.evalModel ?? null),
      score: result.score, passed, label: result.status && result.status !== 'ok' ? result.status : null,
      comment: result.comment ? JSON.stringify(result.comment) : null,
      metadata: JSON.stringify({ rule_id: rule.rule_id, rule_name: rule.name, rule_version: rule.version, evaluator_type: evaluator.type, evaluator_version: rule.version }),
      source: 'online', user_review_passed: null, eval_time: at, idempotency_key: null, created_at: at,
    });
  }
  return { evals, calls, cost: calls.reduce((sum, c) => sum + (c.cost ?? 0), 0) };
}

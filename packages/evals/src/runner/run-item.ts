/** Runs one item: render the prompt, call the model, score with every evaluator, build its record and trace. */
import { renderPrompt, type ChatMessage, type ExperimentScore, type PriceTable } from '@tracehub/core';
import type { DatasetItem, ItemRecord, ModelConfig, PromptSnapshot } from '../experiment-types.js';
import type { ModelProvider } from '../model/model-provider.js';
import type { Evaluator, ModelCallRecord } from '../evaluators/evaluator.js';
import { expectedFields } from '../evaluators/expected-fields.js';
import { errorScore, finalizeScore } from '../evaluators/score-comment.js';
import { itemOutcome } from '../compare/item-outcome.js';
import type { ReportLang } from '../report/report-lang.js';
import { newSpanId, newTraceId, type ItemTrace, type TraceScore, type TraceSpan } from './item-trace.js';

/** What every item of a run shares. */
export interface ItemRunContext {
  runId: string;
  experimentName: string;
  datasetName: string;
  datasetVersion: string;
  prompt: PromptSnapshot;
  model: ModelConfig;
  provider: ModelProvider;
  evaluators: Evaluator[];
  prices: PriceTable;
  /** Baseline outputs by item key, for pairwise judging. */
  baselineOutputs: Map<string, string>;
  /** The run's report language: evaluators write their comments in it (default `en`). */
  lang?: ReportLang;
}

/** One unit of work: a dataset item and which repetition of it. */
export interface WorkItem {
  item: DatasetItem;
  repetition: number;
  key: string;
}

/** A finished item. */
export interface ItemOutcome {
  record: ItemRecord;
  trace: ItemTrace;
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** The messages of a rendered prompt (a text prompt is one user message); `missing`: the variables the input lacks. */
export function renderMessages(prompt: PromptSnapshot, input: unknown): { ok: true; messages: ChatMessage[] } | { ok: false; error: string; missing: string[] } {
  const variables = isRecord(input) ? input : { input };
  const rendered = renderPrompt(prompt.prompt, prompt.template_format, variables);
  if (!rendered.ok) return { ok: false, error: rendered.problem.message, missing: rendered.problem.variables ?? [] };
  const value = rendered.value as string | ChatMessage[];
  return { ok: true, messages: typeof value === 'string' ? [{ role: 'user', content: value }] : value };
}

function callSpan(call: ModelCallRecord, parent: string): TraceSpan {
  return {
    spanId: newSpanId(), parentSpanId: parent, name: call.name, type: 'llm', startMs: call.startedAt, endMs: call.startedAt + Math.round(call.latencyMs),
    status: call.error && call.output === null ? 'error' : 'success', statusMessage: call.error, model: call.model, input: call.messages, output: call.output,
    attributes: { provider: call.provider, cached: call.cached, ...(call.error ? { 'judge.invalid_output': call.error } : {}) },
    inputTokens: call.usage.input_tokens, outputTokens: call.usage.output_tokens, cost: call.cost,
  };
}

/** Runs `work`; never throws for model or evaluator failures (they become an errored item or score). */
export async function runItem(ctx: ItemRunContext, work: WorkItem): Promise<ItemOutcome> {
  const { item, repetition, key } = work;
  const traceId = newTraceId();
  const rootId = newSpanId();
  const started = Date.now();
  const spans: TraceSpan[] = [];
  const traceScores: TraceScore[] = [];
  const scores: Record<string, ExperimentScore> = {};
  const meta = { 'experiment.run_id': ctx.runId, 'experiment.name': ctx.experimentName, 'experiment.item_id': item.id, 'experiment.repetition': repetition };

  const rendered = renderMessages(ctx.prompt, item.input);
  const renderEnd = Date.now();
  const renderSpan: TraceSpan = {
    spanId: newSpanId(), parentSpanId: rootId, name: 'render prompt', type: 'prompt', startMs: started, endMs: renderEnd,
    status: rendered.ok ? 'success' : 'error', statusMessage: rendered.ok ? null : rendered.error, model: null,
    input: { prompt: ctx.prompt.name, version: ctx.prompt.version, variables: item.input }, output: rendered.ok ? rendered.messages : null,
    attributes: { 'prompt.name': ctx.prompt.name, 'prompt.version': ctx.prompt.version, 'prompt.template_format': ctx.prompt.template_format },
    inputTokens: null, outputTokens: null, cost: null,
  };
  spans.push(renderSpan);

  let output: string | null = null;
  let error: string | null = rendered.ok ? null : rendered.error;
  let latencyMs: number | null = null;
  let usage = { input_tokens: null as number | null, output_tokens: null as number | null };
  let cost: number | null = null;
  let cached = false;
  if (rendered.ok) {
    const callStart = Date.now();
    try {
      const response = await ctx.provider.chat({
        model: ctx.model.model,
        messages: rendered.messages,
        parameters: ctx.model.parameters,
        ...(repetition > 1 ? { cacheSalt: `repetition:${repetition}` } : {}),
      });
      output = response.content;
      latencyMs = response.latencyMs;
      usage = { input_tokens: response.usage.input_tokens, output_tokens: response.usage.output_tokens };
      cost = ctx.prices.cost(ctx.model.model, response.usage);
      cached = response.cached;
    } catch (e) {
      error = `The model call failed: ${(e as Error).message}`;
    }
    spans.push({
      spanId: newSpanId(), parentSpanId: rootId, name: 'generation', type: 'llm', startMs: callStart, endMs: Date.now(),
      status: error ? 'error' : 'success', statusMessage: error, model: ctx.model.model, input: rendered.messages, output,
      attributes: { provider: ctx.provider.id, parameters: ctx.model.parameters, cached, latency_ms: latencyMs },
      inputTokens: usage.input_tokens, outputTokens: usage.output_tokens, cost,
    });
  }

  let evalCost: number | null = null;
  if (output !== null && rendered.ok) {
    const expected = expectedFields(item.expected);
    for (const evaluator of ctx.evaluators) {
      const evalStart = Date.now();
      const spanId = newSpanId();
      let score: ExperimentScore;
      let calls: ModelCallRecord[] = [];
      try {
        const result = await evaluator.evaluate({
          key, itemId: item.id, repetition, input: item.input, messages: rendered.messages, output, expected, metadata: item.metadata,
          latencyMs, cost, usage, baselineOutput: ctx.baselineOutputs.get(key) ?? null, lang: ctx.lang ?? 'en',
        });
        calls = result.calls ?? [];
        score = finalizeScore(evaluator, result);
      } catch (e) {
        score = errorScore(evaluator, e, ctx.lang ?? 'en');
      }
      for (const call of calls) if (call.cost !== null) evalCost = (evalCost ?? 0) + call.cost;
      scores[evaluator.name] = score;
      traceScores.push({ spanId, name: evaluator.name, score });
      spans.push({
        spanId, parentSpanId: rootId, name: `evaluator ${evaluator.name}`, type: evaluator.type === 'llm_judge' ? 'judge' : 'evaluator',
        startMs: evalStart, endMs: Date.now(), status: score.status === 'error' ? 'error' : 'success',
        statusMessage: score.status === 'error' ? score.comment.reasoning : null, model: score.eval_model ?? null,
        input: { output }, output: score,
        attributes: { 'evaluator.type': evaluator.type, 'evaluator.weight': evaluator.weight, 'evaluator.threshold': evaluator.threshold, 'evaluator.status': score.status },
        inputTokens: null, outputTokens: null, cost: null,
      });
      spans.push(...calls.map((call) => callSpan(call, spanId)));
    }
  }

  const finished = Date.now();
  const status = error ? 'error' : 'ok';
  const { passed, score } = itemOutcome(status, scores);
  const record: ItemRecord = {
    run_id: ctx.runId, key, item_id: item.id, repetition, trace_id: traceId, status, passed, score, scores,
    input: item.input, messages: rendered.ok ? rendered.messages : null, output, expected: item.expected, metadata: item.metadata,
    latency_ms: latencyMs, cost, input_tokens: usage.input_tokens, output_tokens: usage.output_tokens, eval_cost: evalCost, cached, error,
    started_at: new Date(started).toISOString(), finished_at: new Date(finished).toISOString(),
  };
  spans.unshift({
    spanId: rootId, parentSpanId: null, name: `item ${key}`, type: 'chain', startMs: started, endMs: finished,
    status: error ? 'error' : 'success', statusMessage: error, model: ctx.model.model, input: item.input, output,
    attributes: { ...meta, 'experiment.passed': passed, 'experiment.score': score }, inputTokens: null, outputTokens: null, cost: null,
  });
  const trace: ItemTrace = {
    traceId, name: `experiment ${ctx.experimentName}`, startMs: started, endMs: finished, status: error ? 'error' : 'success',
    input: rendered.ok ? rendered.messages.map((m) => m.content).join('\n\n') : JSON.stringify(item.input), output,
    attributes: { ...meta, 'dataset.name': ctx.datasetName, 'dataset.version': ctx.datasetVersion, 'prompt.name': ctx.prompt.name, 'prompt.version': ctx.prompt.version, 'experiment.passed': passed, 'experiment.score': score },
    spans, scores: traceScores,
  };
  return { record, trace };
}

/**
 * The background loop of online evaluation. Each tick it (1) looks for traces stored since each
 * enabled rule was created that have settled (no write for `settleMs`) and have no item yet, and
 * adds their items; (2) claims due items (at most `concurrency`, leased) and scores them. Nothing
 * here runs inside or in front of an ingest transaction: new traces are found by polling the
 * committed trace rows. A failed judge call is retried with capped exponential backoff
 * (core/retry); the judge calls of each scored trace are recorded as a trace of their own.
 */
import { randomUUID } from 'node:crypto';
import type { PriceTable } from '@tracehub/core';
import { backoffDelayMs } from '@tracehub/core';
import type { ModelConnections } from '../model-connections/model-connections.js';
import type { IngestService } from '../ingest/ingest-service.js';
import type { EvaluationRuleRow, OnlineEvalItemRow, OnlineEvalStore } from '../storage/online-eval-store.js';
import type { TraceReadStore } from '../storage/store.js';
import { buildRuleEvaluators, evaluateTrace, JudgeUnavailableError, type RuleEvaluators, type TraceEvaluation } from './rule-evaluators.js';
import { itemsFor, ONLINE_EVAL_ENVIRONMENT } from './rule-scan.js';

/** Tuning of the loop (TRACEHUB_ONLINE_EVAL_* variables, read in config.ts). */
export interface OnlineEvalSettings {
  intervalMs: number;
  /** A trace is taken once it has had no write for this long. */
  settleMs: number;
  /** Items scored at the same time by one server. */
  concurrency: number;
  /** Attempts before an item is given up as failed. */
  maxAttempts: number;
  /** How long a claim holds before another server may take the item over. */
  leaseMs: number;
}

/** What the loop needs. */
export interface OnlineEvalWorkerDeps {
  store: OnlineEvalStore;
  traces: Pick<TraceReadStore, 'getTrace' | 'getTraceSpans'>;
  ingest: Pick<IngestService, 'ingestTraces'>;
  connections: ModelConnections;
  prices: PriceTable;
  settings: OnlineEvalSettings;
  /** Clock in microseconds. */
  now: () => number;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  cwd?: string;
}

/** A running loop. */
export interface OnlineEvalWorker {
  /** One pass now (tests); resolves when it is done. */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Defaults of the TRACEHUB_ONLINE_EVAL_* variables (config.ts reads them). */
export const DEFAULT_ONLINE_EVAL_SETTINGS: OnlineEvalSettings = { intervalMs: 2_000, settleMs: 5_000, concurrency: 4, maxAttempts: 5, leaseMs: 120_000 };

const SCAN_LIMIT = 1_000;
const utcDay = (micros: number) => new Date(micros / 1000).toISOString().slice(0, 10);

/** Starts the loop (first tick after one interval). */
export function startOnlineEvalWorker(deps: OnlineEvalWorkerDeps): OnlineEvalWorker {
  const { store, settings, now } = deps;
  const token = randomUUID();
  const built = new Map<string, Promise<RuleEvaluators>>();
  const evaluatorsOf = (rule: EvaluationRuleRow) => {
    const key = `${rule.project_id}/${rule.rule_id}/${rule.version}`;
    let entry = built.get(key);
    if (!entry) {
      entry = buildRuleEvaluators(rule, deps.connections, deps.prices, deps.cwd ?? process.cwd());
      entry.catch(() => built.delete(key));
      built.set(key, entry);
    }
    return entry;
  };

  async function scan(rules: EvaluationRuleRow[]): Promise<void> {
    for (const rule of rules) {
      const at = now();
      const candidates = await store.candidates({
        project_id: rule.project_id, rule_id: rule.rule_id, createdFrom: rule.created_at,
        updatedBefore: at - settings.settleMs * 1000, excludeEnvironment: ONLINE_EVAL_ENVIRONMENT, limit: SCAN_LIMIT,
      });
      if (candidates.length) await store.addItems(await itemsFor(rule, candidates, deps.traces, 'live', at));
    }
  }

  async function recordCalls(rule: EvaluationRuleRow, item: OnlineEvalItemRow, result: TraceEvaluation): Promise<void> {
    if (!result.calls.length) return;
    const traceId = randomUUID().replace(/-/g, '');
    const start = Math.min(...result.calls.map((c) => c.startedAt)) * 1000;
    const end = Math.max(...result.calls.map((c) => c.startedAt + c.latencyMs)) * 1000;
    await deps.ingest.ingestTraces(rule.project_id, {
      trace: {
        trace_id: traceId, name: `online-eval:${rule.name}`, environment: ONLINE_EVAL_ENVIRONMENT, start_time: start, end_time: end,
        attributes: { 'tracehub.online_eval.rule_id': rule.rule_id, 'tracehub.online_eval.trace_id': item.trace_id },
        tags: ['online-eval'],
      },
      spans: result.calls.map((c, i) => ({
        span_id: `${traceId.slice(0, 12)}${String(i).padStart(4, '0')}`, name: c.name, span_type: 'llm', model: c.model,
        status: c.error ? 'error' : 'success', start_time: c.startedAt * 1000, end_time: Math.round((c.startedAt + c.latencyMs) * 1000),
        input: c.messages, output: c.output, input_tokens: c.usage.input_tokens ?? undefined, output_tokens: c.usage.output_tokens ?? undefined,
        cost: c.cost, status_message: c.error, attributes: { provider: c.provider, cached: c.cached },
      })),
      allow_missing_parent: false,
    });
  }

  async function work(item: OnlineEvalItemRow, rules: Map<string, EvaluationRuleRow>): Promise<void> {
    const claim = { item_id: item.item_id, claim_token: token };
    const rule = rules.get(`${item.project_id}/${item.rule_id}`);
    if (!rule) return store.release(claim, { status: 'skipped', retryAt: null, error: 'the rule is disabled or deleted' }, now());
    const day = utcDay(now());
    if (rule.daily_cost_cap !== null && (await store.spend(rule.project_id, rule.rule_id, day)) >= rule.daily_cost_cap) {
      return store.release(claim, { status: 'capped', retryAt: null, error: `daily cost cap ${rule.daily_cost_cap} reached on ${day}` }, now());
    }
    try {
      const trace = await deps.traces.getTrace(rule.project_id, item.trace_id);
      if (!trace) return store.release(claim, { status: 'skipped', retryAt: null, error: 'the trace was deleted' }, now());
      const result = await evaluateTrace(rule, await evaluatorsOf(rule), trace, now());
      const stored = await store.complete({ ...claim, project_id: rule.project_id, rule_id: rule.rule_id }, result.evals, result.cost, day, now());
      if (stored) await recordCalls(rule, item, result).catch((error) => deps.log.warn({ err: error, rule_id: rule.rule_id }, 'online eval: recording the judge calls failed'));
    } catch (error) {
      const message = (error as Error).message;
      const retry = error instanceof JudgeUnavailableError && item.attempts < settings.maxAttempts;
      const retryAt = retry ? now() + backoffDelayMs(item.attempts - 1, { baseMs: 1_000, maxMs: 60_000 }) * 1000 : null;
      if (!retry) deps.log.warn({ rule_id: rule.rule_id, trace_id: item.trace_id, error: message }, 'online eval: item failed');
      await store.release(claim, { status: retry ? 'pending' : 'failed', retryAt, error: message.slice(0, 1000) }, now());
    }
  }

  let running: Promise<void> | null = null;
  let stopped = false;
  async function pass(): Promise<void> {
    const rules = await store.enabledRules();
    if (!rules.length) return;
    await scan(rules);
    const byKey = new Map(rules.map((r) => [`${r.project_id}/${r.rule_id}`, r]));
    // Bounded: claim at most `concurrency` items, score them together, repeat until none is due.
    while (!stopped) {
      const at = now();
      const items = await store.claimDue(at, at + settings.leaseMs * 1000, token, settings.concurrency);
      if (!items.length) break;
      await Promise.all(items.map((item) => work(item, byKey)));
    }
  }
  const tick = () => {
    running ??= pass().catch((error) => deps.log.error({ err: error }, 'online eval pass failed')).finally(() => { running = null; });
    return running;
  };
  const timer = setInterval(() => void tick(), settings.intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

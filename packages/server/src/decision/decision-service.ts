/**
 * `POST /decide`: judge a request/response pair of a trace under the policies in force, record the
 * decision (with its judge runs, a case and webhook notifications when it escalates), add a
 * `judge` span to the trace through the ingest service, and copy the decision onto the trace.
 */
import {
  evaluatePolicies,
  isoToMicros,
  microsToIso,
  type DecisionView,
  readPath,
  type DecideBody,
  type JudgeConfig,
  type PolicyOutcome,
  type TraceView,
} from '@tracehub/core';
import type { TraceStore } from '../storage/store.js';
import type { CaseRow, DecisionRow, DecisionStore, JudgeRunRow, NotificationRow, WebhookDestinationRow } from '../storage/decision-store.js';
import type { IngestService } from '../ingest/ingest-service.js';
import { NotFoundError } from '../domain-errors.js';
import { traceView } from '../traces/trace-views.js';
import { findConnection, type DecisionConfig } from './decision-config.js';
import { DEFAULT_CONNECTION } from './policy-targets.js';
import { caseView, decisionView, traceDecisionSnapshot } from './decision-views.js';
import { heuristicSignals } from './heuristic-judge.js';
import { createJudgeSpanWriter } from './judge-span-writer.js';
import { canonicalJson, sha256 } from './input-hash.js';
import { uuidv7 } from './time-ordered-id.js';
import { createDecisionCache, decisionCacheKey, type CachedDecision, type RunSummary } from './decision-cache.js';
import type { LlmJudge, LlmJudgeSettings } from './llm-judge.js';
import type { PolicyInForce, PolicyService } from './policy-service.js';

/** What the decision service needs. */
export interface DecisionServiceDeps {
  traces: TraceStore;
  decisions: DecisionStore;
  ingest: IngestService;
  policies: PolicyService;
  llm: LlmJudge;
  config: DecisionConfig;
  /** Clock in microseconds. */
  now: () => number;
  /** Called after notifications were queued (wakes the dispatcher). */
  onNotificationsQueued?: () => void;
}

const HEURISTIC_MODEL = 'heuristic';

const traceNotFound = (traceId: string) =>
  new NotFoundError(`Trace "${traceId}" was not found in this project; ingest it before asking for a decision.`);
const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

/** Creates the decision service. */
export function createDecisionService(deps: DecisionServiceDeps) {
  const { traces, decisions, ingest, policies, llm, config, now } = deps;
  const cache = createDecisionCache(decisions);
  const spans = createJudgeSpanWriter(ingest);

  function judgeSettings(inForce: PolicyInForce[]): LlmJudgeSettings | null {
    const own = inForce.find((p) => p.compiled.definition.judge)?.compiled.definition.judge as JudgeConfig | undefined;
    if (own) {
      const name = own.connection ?? DEFAULT_CONNECTION;
      const connection = findConnection(config, name);
      const model = own.model ?? connection?.model;
      const common = {
        timeoutMs: own.timeout_ms ?? config.judgeTimeoutMs, maxRetries: own.max_retries ?? config.judgeMaxRetries,
        instructions: own.instructions, jsonMode: own.json_mode ?? true,
      };
      // Versions stored before connections existed may carry base_url / api_key_env: never used, the judging fails.
      const refusal = own.base_url !== undefined || own.api_key_env !== undefined
        ? 'this policy version names its judge by base_url / api_key_env, which is no longer supported; publish a new version naming a judge connection'
        : !connection ? `the judge connection "${name}" is not configured on this server`
        : !model ? `the judge connection "${name}" has no default model and the policy names none` : undefined;
      if (refusal || !connection || !model) return { ...common, baseUrl: '', model: model ?? 'unconfigured', refusal };
      return { ...common, baseUrl: connection.baseUrl, model, apiKey: connection.apiKey, allowPrivate: connection.allowPrivate };
    }
    if (!config.judge) return null;
    return { ...config.judge, allowPrivate: config.judge.allowPrivate ?? false, timeoutMs: config.judgeTimeoutMs, maxRetries: config.judgeMaxRetries, jsonMode: true };
  }

  function limits(inForce: PolicyInForce[]) {
    const own = inForce.find((p) => p.compiled.definition.thresholds)?.compiled.definition.thresholds;
    return { maxLatencyMs: own?.latency_ms ?? config.maxLatencyMs, maxTokens: own?.tokens ?? config.maxTokens };
  }

  /** Runs the judges and the rules (no I/O besides the LLM call). */
  async function judge(body: DecideBody, inForce: PolicyInForce[], trace: unknown, judgeWith: LlmJudgeSettings | null): Promise<{ result: CachedDecision; cacheable: boolean }> {
    const started = performance.now();
    const signals = heuristicSignals(body.request_payload, body.response_payload, limits(inForce));
    const runs: RunSummary[] = [{
      judge: 'heuristic', model: HEURISTIC_MODEL, output: JSON.stringify(signals), valid: true, attempts: 1, error: null,
      latency_ms: round3(performance.now() - started), input_tokens: null, output_tokens: null,
    }];
    let fallback: PolicyOutcome | null = null;
    if (judgeWith) {
      const verdict = await llm.judge(judgeWith, { request: body.request_payload, response: body.response_payload, signals });
      runs.push({
        judge: 'llm', model: judgeWith.model, output: verdict.ok ? JSON.stringify(verdict.verdict) : verdict.raw == null ? null : JSON.stringify(verdict.raw),
        valid: verdict.ok, attempts: verdict.attempts, error: verdict.error, latency_ms: verdict.latencyMs,
        input_tokens: verdict.inputTokens, output_tokens: verdict.outputTokens,
      });
      if (verdict.ok) signals.llm = verdict.verdict as Record<string, unknown>;
      else fallback = { action: 'ESCALATE', reason_code: verdict.failure as string, severity: 'high', match: null };
    }
    const outcome = fallback ?? evaluatePolicies(inForce.map((p) => p.compiled), { request: body.request_payload, response: body.response_payload, signals, trace });
    return { result: { signals, outcome, judge_model: judgeWith?.model ?? HEURISTIC_MODEL, runs }, cacheable: !fallback };
  }

  /**
   * Adds the decision's `judge` span through the ingest service (so trace aggregates and rollups stay
   * right), as one END event carrying the whole span, grouped with concurrent decisions' spans.
   * Idempotent per decision: a repeat after a crash adds it if it is missing.
   */
  /**
   * Writes the decision's judge span; a new decision's span also carries the trace's latest-decision
   * snapshot (`traces.decision`), written with the span in the ingest transaction.
   */
  function addJudgeSpan(projectId: string, d: DecisionView, body: DecideBody, startedAt: number, runs: JudgeRunRow[], latest = false) {
    const llmRun = runs.find((r) => r.judge === 'llm');
    const end = Math.max(startedAt, isoToMicros(d.created_at) ?? startedAt);
    const fields = {
      name: 'decision', span_type: 'judge', status: 'success' as const, start_time: startedAt, end_time: end,
      ...(llmRun ? { model: llmRun.model } : {}),
      input: { request_payload: body.request_payload, response_payload: body.response_payload },
      output: { action: d.action, reason_code: d.reason_code, severity: d.severity, signals: d.signals, cached: d.cached },
      attributes: {
        'decision.id': d.decision_id, 'decision.action': d.action, 'decision.reason_code': d.reason_code,
        'decision.policy_id': d.policy_id, 'decision.policy_version': d.policy_version, 'decision.cached': d.cached,
        'judge.model': d.judge_model,
      },
      ...(llmRun && !d.cached ? { input_tokens: llmRun.input_tokens, output_tokens: llmRun.output_tokens } : {}),
    };
    return spans.write(projectId, {
      trace_id: d.trace_id, span_id: d.span_id, event_type: 'END', event_time: end, idempotency_key: `decision-span:${d.decision_id}`,
      payload: { ...fields, start_time: microsToIso(startedAt), end_time: microsToIso(end) },
      fields,
      ...(latest ? { trace_decision: { snapshot: JSON.stringify(traceDecisionSnapshot(d)), action: d.action } } : {}),
    });
  }

  /**
   * Where a case is notified: TRACEHUB_WEBHOOK_URLS (signed with the global secret) and the destinations the
   * policies name (each signed with its own secret). Entries of older versions that are URLs, and names of
   * deleted destinations, are skipped.
   */
  async function targets(projectId: string, names: string[]): Promise<{ url: string; destination_id: string | null }[]> {
    const fromEnv = [...new Set(config.webhookUrls)].map((url) => ({ url, destination_id: null }));
    const wanted = new Set(names.filter((n) => !n.includes('://')));
    if (wanted.size === 0) return fromEnv;
    const rows: WebhookDestinationRow[] = (await decisions.listWebhookDestinations(projectId)).filter((d) => wanted.has(d.name));
    return [...fromEnv, ...rows.map((d) => ({ url: d.url, destination_id: d.destination_id }))];
  }

  function notificationRows(projectId: string, d: DecisionView, c: CaseRow, to: { url: string; destination_id: string | null }[], at: number): NotificationRow[] {
    return to.map(({ url, destination_id }) => {
      const notificationId = uuidv7();
      const payload = JSON.stringify({
        event: 'case.opened', notification_id: notificationId, project_id: projectId, created_at: microsToIso(at),
        case: caseView(c), decision: d,
      });
      return {
        notification_id: notificationId, project_id: projectId, case_id: c.case_id, event: 'case.opened', url, destination_id, payload,
        status: 'pending', attempt_count: 0, max_attempts: config.webhookMaxAttempts, next_attempt_at: at,
        last_status_code: null, last_error: null, delivered_at: null, created_at: at, updated_at: at,
      };
    });
  }

  return {
    /** Decides, or answers the stored decision again for a repeated idempotency key. */
    async decide(projectId: string, body: DecideBody) {
      const started = performance.now();
      const startedAt = now();
      const inForce = await policies.inForce(projectId, startedAt, body.policy_id);
      const tracePaths = [...new Set(inForce.flatMap((p) => p.compiled.tracePaths))].sort();
      const judgeWith = judgeSettings(inForce);
      // A repeated key is found before paying for an LLM judge; heuristic-only decisions learn it when
      // recording (the insert finds the key taken and answers the stored decision).
      if (body.idempotency_key && judgeWith) {
        const existing = await decisions.findDecisionByKey(projectId, body.idempotency_key);
        if (existing) return repeat(projectId, existing, body);
      }
      // The trace is read up front only when rules look at it or before paying for an LLM judge;
      // otherwise recording the decision checks that it exists (in the same transaction).
      let traceContext: TraceView | undefined;
      if (tracePaths.length || judgeWith) {
        const trace = await traces.getTrace(projectId, body.trace_id);
        if (!trace) throw traceNotFound(body.trace_id);
        traceContext = traceView(trace);
      }
      const inputHash = sha256(canonicalJson({
        request: body.request_payload, response: body.response_payload,
        trace: Object.fromEntries(tracePaths.map((p) => [p, readPath({ trace: traceContext }, p.split('.')) ?? null])),
      }));
      const cacheKey = decisionCacheKey(inputHash, inForce, limits(inForce), judgeWith);
      const hit = await cache.get(projectId, cacheKey, !!judgeWith);
      const { result, cacheable } = hit ? { result: hit, cacheable: false } : await judge(body, inForce, traceContext, judgeWith);
      if (cacheable && !judgeWith) cache.remember(projectId, cacheKey, result);

      const at = Math.max(now(), startedAt);
      const decisionId = uuidv7();
      const { outcome } = result;
      const winner = outcome.match ? inForce[outcome.match.policy] : inForce.length === 1 ? inForce[0] : null;
      const caseRow: CaseRow | null = outcome.action === 'ESCALATE'
        ? {
            project_id: projectId, case_id: uuidv7(), trace_id: body.trace_id, decision_id: decisionId, status: 'open',
            severity: outcome.severity, reason_code: outcome.reason_code, policy_id: winner?.policy_id ?? null,
            policy_version: winner?.version ?? null, note: null, created_at: at, updated_at: at,
            acknowledged_at: null, acknowledged_by: null, resolved_at: null, resolved_by: null,
          }
        : null;
      const decision: DecisionRow = {
        project_id: projectId, decision_id: decisionId, trace_id: body.trace_id, action: outcome.action,
        reason_code: outcome.reason_code, severity: outcome.severity, policy_id: winner?.policy_id ?? null,
        policy_name: winner?.name ?? null, policy_version: winner?.version ?? null,
        policies: JSON.stringify(inForce.map((p) => ({ policy_id: p.policy_id, name: p.name, version: p.version }))),
        rule: outcome.match ? JSON.stringify({ index: outcome.match.rule, priority: outcome.match.priority, metadata: outcome.match.metadata }) : null,
        judge_model: result.judge_model, signals: JSON.stringify(result.signals), cached: !!hit, input_hash: inputHash,
        latency_ms: round3(performance.now() - started), idempotency_key: body.idempotency_key ?? null,
        span_id: `judge-${decisionId}`, case_id: caseRow?.case_id ?? null, created_at: at,
      };
      // Run ids sort in the order the judges ran (heuristic first).
      const runs: JudgeRunRow[] = result.runs.map((r, i) => ({
        ...r, project_id: projectId, run_id: `${decisionId}.${i + 1}`, decision_id: decisionId, trace_id: body.trace_id,
        input_hash: inputHash, cached: !!hit, latency_ms: hit ? 0 : r.latency_ms, created_at: at,
      }));
      const hooks = winner ? (winner.compiled.definition.webhooks ?? []) : inForce.flatMap((p) => p.compiled.definition.webhooks ?? []);
      const view = decisionView(decision);
      const notifications = caseRow ? notificationRows(projectId, view, caseRow, await targets(projectId, hooks), at) : [];
      // The decision, its runs, case, notifications and the trace's latest-decision snapshot commit together.
      const stored = await decisions.recordDecision({
        decision, judgeRuns: runs, cache: cacheable && judgeWith ? { key: cacheKey, result: JSON.stringify(result) } : null,
        case: caseRow, notifications, requireTrace: true,
      });
      if (stored.outcome === 'trace_not_found') throw traceNotFound(body.trace_id);
      if (stored.outcome === 'duplicate') return repeat(projectId, stored.decision, body);
      if (notifications.length) deps.onNotificationsQueued?.();
      await addJudgeSpan(projectId, view, body, startedAt, runs, true);
      return { ...view, duplicate: false };
    },
  };

  /** The stored decision of a repeated key; also adds its judge span if a crash came between the two writes. */
  async function repeat(projectId: string, d: DecisionRow, body: DecideBody) {
    const view = decisionView(d);
    // `latest`: if a crash came between the decision and its span, the span (written now) brings the snapshot too.
    if (d.trace_id === body.trace_id) await addJudgeSpan(projectId, view, body, d.created_at - Math.round(d.latency_ms * 1000), [], true);
    return { ...view, duplicate: true };
  }
}

/** The decision service. */
export type DecisionService = ReturnType<typeof createDecisionService>;

/** Read side of tracing: list, detail (tree, timeline, amendments), sessions. */
import {
  buildSpanTree,
  microsToIso,
  type SessionDetail,
  type SessionListResponse,
  type SpanView,
  type EvalView,
  type TraceDetail,
  type PriceTable,
  type TraceListResponse,
  type TraceScoreSummary,
  type TraceView,
} from '@tracehub/core';
import type { EvalFilter, SessionFilter, SpanFilter, TraceFilter, TraceReadStore, TraceWriteStore } from '../storage/store.js';
import { completionRate, evalView, eventView, spanView, traceView, type CostSplit } from './trace-views.js';
import type { DecisionStore } from '../storage/decision-store.js';
import { decisionView, judgeRunView } from '../decision/decision-views.js';

/** Traces with more spans than this are built in steps (of this many spans) that yield to the event loop. */
const YIELD_ABOVE_SPANS = 1000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Most traces one session answer returns. */
export const SESSION_TRACE_LIMIT = 1000;

/** Creates the trace query service; `decisions` supplies the decision history and judge runs of the detail. */
export function createTraceQueryService(
  store: TraceReadStore & Pick<TraceWriteStore, 'deleteTrace' | 'deleteEval'>,
  decisions?: Pick<DecisionStore, 'listTraceDecisions' | 'listTraceJudgeRuns'>,
  prices?: Pick<PriceTable, 'split'>,
) {
  const split: CostSplit | undefined = prices ? (model, usage) => prices.split(model, usage) : undefined;
  return {
    /** A page of traces, each with its scores by evaluation name (one more query for the page). */
    async list(projectId: string, query: TraceFilter): Promise<TraceListResponse> {
      const page = await store.listTraces(projectId, query);
      const scores = new Map<string, TraceScoreSummary[]>(page.rows.map((r) => [r.trace_id, []]));
      for (const { trace_id, ...score } of await store.traceScores(projectId, page.rows.map((r) => r.trace_id))) scores.get(trace_id)?.push(score);
      const items = page.rows.map((r) => ({ ...traceView(r), scores: scores.get(r.trace_id) ?? [] }));
      return { items, page: query.page, page_size: query.page_size, total: page.total, total_is_lower_bound: page.total_is_lower_bound };
    },

    /** The whole trace, or null when the project has no such trace. */
    async detail(projectId: string, traceId: string): Promise<TraceDetail | null> {
      const trace = await store.getTrace(projectId, traceId);
      if (!trace) return null;
      const [spans, events, evals, decisionRows, judgeRuns] = await Promise.all([
        store.getTraceSpans(projectId, traceId),
        store.getTraceEvents(projectId, traceId),
        store.getTraceEvals(projectId, traceId),
        decisions?.listTraceDecisions(projectId, traceId) ?? [],
        decisions?.listTraceJudgeRuns(projectId, traceId) ?? [],
      ]);
      // Big traces are built in steps, letting other requests run in between (each step is linear).
      const pause = spans.length > YIELD_ABOVE_SPANS ? yieldToEventLoop : async () => {};
      const views: SpanView[] = [];
      for (let i = 0; i < spans.length; i += YIELD_ABOVE_SPANS) {
        await pause();
        for (const span of spans.slice(i, i + YIELD_ABOVE_SPANS)) views.push(spanView(span, split));
      }
      await pause();
      const byId = new Map(spans.map((s) => [s.span_id, s]));
      const timeline = [
        ...views.flatMap((s) => [
          { time: s.start_time, kind: 'span_start', span_id: s.span_id, name: s.name, event_type: null },
          ...(s.end_time ? [{ time: s.end_time, kind: 'span_end', span_id: s.span_id, name: s.name, event_type: null }] : []),
        ]),
        // START and END already appear as span_start / span_end entries.
        ...events.filter((e) => e.event_type !== 'START' && e.event_type !== 'END').map(eventView).map((e) => ({
          time: e.event_time, kind: 'event', span_id: e.span_id, name: byId.get(e.span_id ?? '')?.name ?? null,
          event_type: e.event_type, payload: e.payload, event_id: e.event_id,
        })),
      ].sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)); // ISO times: plain comparison (localeCompare is ~50× slower)
      const amendments = events
        .filter((e) => e.event_type === 'AMENDMENT' && e.span_id)
        .map((e) => {
          const span = byId.get(e.span_id as string);
          const view = span ? spanView(span) : null;
          return {
            span_id: e.span_id as string,
            event_id: String(e.event_id),
            event_time: microsToIso(e.event_time),
            patch: (JSON.parse(e.payload) as { patch: Record<string, unknown> }).patch,
            idempotency_key: e.idempotency_key,
            original: span?.original ? (JSON.parse(span.original) as Record<string, unknown>) : {},
            merged: view
              ? { name: view.name, span_type: view.span_type, status: view.status, model: view.model, input: view.input,
                  output: view.output, attributes: view.attributes, input_tokens: view.input_tokens,
                  output_tokens: view.output_tokens, total_tokens: view.total_tokens, cost: view.cost, level: view.level,
                  status_message: view.status_message }
              : {},
          };
        });
      await pause();
      const tree = buildSpanTree(views);
      await pause();
      return {
        trace: traceView(trace),
        spans: tree,
        span_count: views.length,
        timeline,
        evals: evals.map(evalView),
        amendments,
        decisions: decisionRows.map(decisionView),
        judge_runs: judgeRuns.map(judgeRunView),
        has_open_spans: trace.open_span_count > 0,
        completion_rate: completionRate(trace),
      };
    },

    /** A trace with its spans (flat, oldest first) and evals, without the detail's tree and timeline; null when absent. */
    async parts(projectId: string, traceId: string): Promise<{ trace: TraceView; spans: SpanView[]; evals: EvalView[] } | null> {
      const trace = await store.getTrace(projectId, traceId);
      if (!trace) return null;
      const [spans, evals] = await Promise.all([store.getTraceSpans(projectId, traceId), store.getTraceEvals(projectId, traceId)]);
      return { trace: traceView(trace), spans: spans.map((s) => spanView(s)), evals: evals.map(evalView) };
    },

    /** The traces of these ids that exist, by id (for answers that list spans of several traces). */
    async tracesById(projectId: string, traceIds: string[]): Promise<Map<string, TraceView>> {
      const rows = await Promise.all([...new Set(traceIds)].map((id) => store.getTrace(projectId, id)));
      return new Map(rows.filter((r) => r !== null).map((r) => [r.trace_id, traceView(r)]));
    },

    /** Spans across traces (TraceReadStore.listSpans), oldest first. */
    async spans(projectId: string, filter: SpanFilter): Promise<{ items: SpanView[]; total: number }> {
      const { rows, total } = await store.listSpans(projectId, filter);
      return { items: rows.map((s) => spanView(s)), total };
    },

    async sessions(projectId: string, query: SessionFilter): Promise<SessionListResponse> {
      const { rows, total } = await store.listSessions(projectId, query);
      return {
        items: rows.map((r) => ({ ...r, first_time: microsToIso(r.first_time), last_time: microsToIso(r.last_time) })),
        page: query.page,
        page_size: query.page_size,
        total,
      };
    },

    /** One conversation's traces in order, or null when there are none. */
    async session(projectId: string, sessionId: string): Promise<SessionDetail | null> {
      const rows = await store.getSessionTraces(projectId, sessionId, SESSION_TRACE_LIMIT);
      if (rows.length === 0) return null;
      const traces = rows.map(traceView);
      return {
        session_id: sessionId,
        trace_count: traces.length,
        first_time: traces[0].start_time,
        last_time: traces[traces.length - 1].start_time,
        user_ids: [...new Set(rows.map((r) => r.user_id).filter((u): u is string => !!u))],
        total_tokens: rows.reduce((sum, r) => sum + r.total_tokens, 0),
        cost: rows.reduce((sum, r) => sum + r.cost, 0),
        unpriced_span_count: rows.reduce((sum, r) => sum + r.unpriced_span_count, 0),
        traces,
      };
    },

    /** Deletes a trace and everything recorded about it (TraceStore.deleteTrace); false when there is no such trace. */
    remove(projectId: string, traceId: string): Promise<boolean> {
      return store.deleteTrace(projectId, traceId);
    },

    /** Evaluations across traces, newest first, with the total (TraceReadStore.listEvals). */
    async evals(projectId: string, filter: EvalFilter): Promise<{ items: EvalView[]; total: number }> {
      const page = await store.listEvals(projectId, filter);
      return { items: page.rows.map(evalView), total: page.total };
    },

    /** Deletes one evaluation; false when there is no such evaluation. */
    removeEval(projectId: string, evalId: string): Promise<boolean> {
      return store.deleteEval(projectId, evalId);
    },
  };
}

/** The trace query service. */
export type TraceQueryService = ReturnType<typeof createTraceQueryService>;

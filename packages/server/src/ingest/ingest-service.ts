/**
 * The ingestion behaviour of SPEC §1–2, written once over the IngestTx seam: idempotency,
 * per-item results, span views from events, trace aggregates and rollups in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import type { EvalInput, IngestResult, IngestSpansBody, IngestTracesBody, PriceTable, SpanEventInput, TraceInput } from '@tracehub/core';
import type { IngestTx, TraceWriteStore } from '../storage/store.js';
import type { EvalRow, RollupDeltas, SpanEventRow, SpanRow, TraceRow } from '../storage/rows.js';
import { createBatchResults } from './batch-results.js';
import { createRollupAccumulator } from './rollup-accumulator.js';
import { applyAmendment, applyEnd, applyError, applySpanInput, applyStart, newSpan, type EventSpanFields, type SpanUpsert } from './span-state.js';
import { applyTraceInput, newTrace, settleTrace } from './trace-state.js';
import { foldSpansIntoTrace, type SpanChange } from './trace-fold.js';

/** What the ingest service needs. */
export interface IngestServiceDeps {
  store: Pick<TraceWriteStore, 'ingest'>;
  prices: PriceTable;
  /** Clock in microseconds. */
  now: () => number;
}

const unique = <T>(values: T[]) => [...new Set(values)];

/**
 * An `/ingest/traces` body whose spans may leave out their name (Langfuse updates keep the stored
 * one), with a start time that applies when the trace is new or starts later (Langfuse's trace
 * timestamp: the earliest sent wins, as a trace update sends a later one and batches may cross).
 */
export type TraceUpsertBody = Omit<IngestTracesBody, 'spans'> & { spans: SpanUpsert[]; earliest_start_time?: number; trace_updates?: TraceUpdate[] };

/**
 * Trace fields under an idempotency key (a Langfuse `trace-create` event, keyed by its event id):
 * applied in order after the body's own trace fields, each only the first time its key is seen, so
 * a re-sent batch changes nothing. `earliest_start_time` as the body's.
 */
export interface TraceUpdate {
  idempotency_key: string;
  trace: Omit<TraceInput, 'trace_id'>;
  earliest_start_time?: number;
}

/** A Langfuse batch for the ingest service: trace bodies, then evaluations. */
export interface TraceBatchBody {
  traces: TraceUpsertBody[];
  evals?: EvalInput[];
}

/** One result per trace body, in order, and the evaluations' result when there were evaluations. */
export interface TraceBatchResult {
  traces: IngestResult[];
  evals?: IngestResult;
}

/**
 * The latest-decision snapshot a decision's judge span carries to its trace (`traces.decision`,
 * `decision_action`). Internal: the decision service sets it; HTTP bodies are parsed by core's
 * schemas, which drop it, so clients cannot.
 */
export interface TraceDecisionUpdate {
  snapshot: string;
  action: string;
}

/** A span event as the server's own writers may send it. */
export type ServerSpanEvent = SpanEventInput & { trace_decision?: TraceDecisionUpdate };

/** Creates the ingest service. */
export function createIngestService({ store, prices, now }: IngestServiceDeps) {
  /** Upserts one trace and its spans inside `tx` (fields sent replace stored ones). */
  async function upsertTrace(tx: IngestTx, projectId: string, body: TraceUpsertBody): Promise<IngestResult> {
    const traceId = body.trace.trace_id;
    const results = createBatchResults();
    await tx.lockTraces(projectId, [traceId]);
    if (body.idempotency_key && !(await tx.claimIdempotencyKeys(projectId, [body.idempotency_key])).size) {
      results.duplicate(0, 'trace', traceId);
      body.spans.forEach((s, i) => results.duplicate(i, 'span', s.span_id));
      return results.result(traceId);
    }
    const at = now();
    const [existing] = await tx.getTraces(projectId, [traceId]);
    const batchIds = new Set(body.spans.map((s) => s.span_id));
    const stored = new Map((await tx.getSpans(projectId, traceId, [...batchIds])).map((s) => [s.span_id, s]));
    const parents = unique(body.spans.map((s) => s.parent_span_id).filter((p): p is string => !!p && !batchIds.has(p)));
    const knownParents = body.allow_missing_parent ? new Set<string>() : await tx.findSpanIds(projectId, traceId, parents);

    const candidates: number[] = [];
    body.spans.forEach((span, i) => {
      if (span.trace_id && span.trace_id !== traceId) {
        results.rejected(i, 'span', span.span_id, `span trace_id "${span.trace_id}" differs from the trace's "${traceId}"`);
      } else if (span.parent_span_id && !body.allow_missing_parent && !batchIds.has(span.parent_span_id) && !knownParents.has(span.parent_span_id)) {
        results.rejected(i, 'span', span.span_id,
          `parent span "${span.parent_span_id}" is unknown; send it first or set allow_missing_parent: true`);
      } else candidates.push(i);
    });
    const updates = body.trace_updates ?? [];
    const fresh = await claimKeys(tx, projectId, [...candidates.map((i) => body.spans[i].idempotency_key), ...updates.map((u) => u.idempotency_key)]);
    const traceUpdates = updates.filter((u) => fresh(u.idempotency_key));

    const firstStart = Math.min(...body.spans.map((s) => s.start_time ?? Infinity));
    const earliest = Math.min(body.earliest_start_time ?? Infinity, ...traceUpdates.map((u) => u.earliest_start_time ?? Infinity));
    const traceInput = body.trace.start_time === undefined && Number.isFinite(earliest) && (!existing || earliest < existing.start_time)
      ? { ...body.trace, start_time: earliest }
      : body.trace;
    const traceStart = traceInput.start_time ?? existing?.start_time ?? (Number.isFinite(firstStart) ? firstStart : at);
    let trace: TraceRow = applyTraceInput(existing ?? newTrace(projectId, traceId, traceStart, at), traceInput);
    for (const update of traceUpdates) trace = applyTraceInput(trace, { ...update.trace, trace_id: traceId });
    const rollups = createRollupAccumulator();
    const changed = new Map<string, SpanRow>();
    for (const i of candidates) {
      const input = body.spans[i];
      if (!fresh(input.idempotency_key)) {
        results.duplicate(i, 'span', input.span_id);
        continue;
      }
      const before = changed.get(input.span_id) ?? stored.get(input.span_id);
      const base = newSpan(projectId, traceId, input.span_id, input.start_time ?? trace.start_time, at);
      changed.set(input.span_id, applySpanInput(before, input, base, prices));
      results.accepted(i, 'span', input.span_id);
    }
    const changes = [...changed.values()].map((after) => ({ before: stored.get(after.span_id), after }));
    await foldSpansIntoTrace(tx, trace, existing, changes, rollups);
    trace = settleTrace(trace, at);
    rollups.trace(existing, trace);
    results.accepted(0, 'trace', traceId);
    await tx.putSpans([...changed.values()]);
    await tx.putTraces([trace]);
    await tx.addRollups(rollups.deltas());
    return results.result(traceId);
  }

  /** Attaches evaluation results to traces (and optionally spans) inside `tx`. */
  async function addEvals(tx: IngestTx, projectId: string, evals: EvalInput[]): Promise<IngestResult> {
    const traceIds = unique(evals.map((e) => e.trace_id));
    const results = createBatchResults();
    const at = now();
    const known = new Set((await tx.getTraces(projectId, traceIds)).map((t) => t.trace_id));
    const candidates: number[] = [];
    evals.forEach((e, i) => {
      if (!known.has(e.trace_id)) {
        results.rejected(i, 'eval', e.eval_name, `trace "${e.trace_id}" does not exist; ingest the trace before its evaluations`);
      } else candidates.push(i);
    });
    const fresh = await claimKeys(tx, projectId, candidates.map((i) => evals[i].idempotency_key));
    const rows: EvalRow[] = [];
    for (const i of candidates) {
      const e = evals[i];
      if (!fresh(e.idempotency_key)) {
        results.duplicate(i, 'eval', e.eval_name);
        continue;
      }
      rows.push({
        project_id: projectId, eval_id: randomUUID(), trace_id: e.trace_id, span_id: e.span_id ?? null,
        eval_name: e.eval_name, eval_model: e.eval_model ?? null, score: e.score ?? null, passed: e.passed ?? null,
        label: e.label ?? null, comment: e.comment === undefined ? null : JSON.stringify(e.comment),
        metadata: JSON.stringify(e.metadata ?? {}), source: e.source, user_review_passed: e.user_review_passed ?? null,
        eval_time: e.eval_time ?? at, idempotency_key: e.idempotency_key ?? null, created_at: at,
      });
      results.accepted(i, 'eval', e.eval_name);
    }
    await tx.addEvals(rows);
    return results.result();
  }

  return {
    /** `POST /ingest/traces`: upsert one trace and its spans. */
    ingestTraces(projectId: string, body: TraceUpsertBody): Promise<IngestResult> {
      return store.ingest((tx) => upsertTrace(tx, projectId, body));
    },

    /**
     * Several `/ingest/traces` bodies, then evaluations, in one transaction (a Langfuse batch): one
     * result per body, in order, and the evaluations' result (none without evaluations).
     */
    ingestTraceBatch(projectId: string, batch: TraceBatchBody): Promise<TraceBatchResult> {
      const bodies = batch.traces;
      return store.ingest(async (tx) => {
        await tx.lockTraces(projectId, bodies.map((b) => b.trace.trace_id));
        // The writes of one trace never feed the reads of another (and rollups add up), so they are
        // collected and written once per table: one statement each on PostgreSQL.
        const spans: SpanRow[] = [];
        const traces: TraceRow[] = [];
        const rollups: RollupDeltas = { traces: [], spans: [], latency: [], spanTypes: [] };
        const collecting: IngestTx = {
          ...tx,
          lockTraces: async () => {},
          putSpans: async (rows) => void spans.push(...rows),
          putTraces: async (rows) => void traces.push(...rows),
          addRollups: async (d) => {
            rollups.traces.push(...d.traces);
            rollups.spans.push(...d.spans);
            rollups.latency.push(...d.latency);
            rollups.spanTypes?.push(...(d.spanTypes ?? []));
          },
        };
        const results: IngestResult[] = [];
        for (const body of bodies) results.push(await upsertTrace(collecting, projectId, body));
        await tx.putSpans(spans);
        await tx.putTraces(traces);
        await tx.addRollups(rollups);
        // The evaluations come after the traces' writes (a score may name a trace of this batch).
        const evals = batch.evals?.length ? await addEvals(tx, projectId, batch.evals) : undefined;
        return { traces: results, evals };
      });
    },

    /** `POST /ingest/spans`: append span events and apply them to the spans' current views. */
    ingestSpanEvents(projectId: string, body: Omit<IngestSpansBody, 'events'> & { events: ServerSpanEvent[] }): Promise<IngestResult> {
      const events = body.events;
      const traceIds = unique(events.map((e) => e.trace_id)).sort();
      return store.ingest(async (tx) => {
        const results = createBatchResults();
        const at = now();
        await tx.lockTraces(projectId, traceIds);
        const traces = new Map((await tx.getTraces(projectId, traceIds)).map((t) => [t.trace_id, t]));
        const spanKey = (traceId: string, spanId: string) => `${traceId}\u0000${spanId}`;
        const stored = new Map<string, SpanRow>();
        const knownParents = new Set<string>();
        for (const traceId of traceIds) {
          const ids = unique(events.filter((e) => e.trace_id === traceId && e.span_id).map((e) => e.span_id as string));
          for (const span of await tx.getSpans(projectId, traceId, ids)) stored.set(spanKey(traceId, span.span_id), span);
          if (!body.allow_missing_parent) {
            const parents = unique(events.filter((e) => e.trace_id === traceId).map((e) => parentOf(e)).filter((p): p is string => !!p));
            for (const id of await tx.findSpanIds(projectId, traceId, parents)) knownParents.add(spanKey(traceId, id));
          }
        }

        // First pass: which events can apply, given the spans that exist or start earlier in the batch.
        const exists = new Set(stored.keys());
        const candidates: number[] = [];
        events.forEach((e, i) => {
          const key = e.span_id ? spanKey(e.trace_id, e.span_id) : null;
          const parent = parentOf(e);
          if (e.event_type === 'START' || e.event_type === 'END') {
            if (e.event_type === 'START' && parent && !body.allow_missing_parent
              && !exists.has(spanKey(e.trace_id, parent)) && !knownParents.has(spanKey(e.trace_id, parent))) {
              results.rejected(i, 'event', e.span_id ?? e.trace_id,
                `parent span "${parent}" is unknown; send it first or set allow_missing_parent: true`);
              return;
            }
            exists.add(key as string);
          } else if (key && !exists.has(key)) {
            results.rejected(i, 'event', e.span_id as string,
              `span "${e.span_id}" of trace "${e.trace_id}" does not exist; send its START event first`);
            return;
          }
          candidates.push(i);
        });
        const fresh = await claimKeys(tx, projectId, candidates.map((i) => events[i].idempotency_key));

        // Second pass: apply in order.
        const current = new Map(stored);
        const eventRows: SpanEventRow[] = [];
        const decisions = new Map<string, TraceDecisionUpdate>();
        for (const i of candidates) {
          const e = events[i];
          const id = e.span_id ?? e.trace_id;
          if (!fresh(e.idempotency_key)) {
            results.duplicate(i, 'event', id);
            continue;
          }
          const eventTime = e.event_time ?? at;
          if (e.span_id) {
            const key = spanKey(e.trace_id, e.span_id);
            const before = current.get(key);
            const fields: EventSpanFields = {
              ...e.fields,
              name: e.fields.name ?? e.name,
              span_type: e.fields.span_type ?? e.span_type,
              parent_span_id: e.fields.parent_span_id !== undefined ? e.fields.parent_span_id : e.parent_span_id,
              event_time: eventTime,
            };
            const base = newSpan(projectId, e.trace_id, e.span_id, eventTime, at);
            let after: SpanRow | undefined;
            if (e.event_type === 'START') after = applyStart(before, fields, base, prices);
            else if (e.event_type === 'END') after = applyEnd(before, fields, base, prices);
            else if (e.event_type === 'ERROR' && before) after = applyError(before, fields, at);
            else if (e.event_type === 'AMENDMENT' && before) {
              after = applyAmendment(before, e.payload.patch as Record<string, unknown>, at, prices);
            }
            if (after) current.set(key, after);
          }
          eventRows.push({
            project_id: projectId, trace_id: e.trace_id, span_id: e.span_id ?? null, event_type: e.event_type,
            event_time: eventTime, payload: JSON.stringify(e.payload), idempotency_key: e.idempotency_key ?? null, created_at: at,
          });
          if (e.trace_decision) decisions.set(e.trace_id, e.trace_decision);
          results.accepted(i, 'event', id);
        }

        // Fold the changed spans into their traces (creating traces that did not exist) and the rollups.
        const rollups = createRollupAccumulator();
        const changesByTrace = new Map<string, SpanChange[]>();
        for (const [key, after] of current) {
          const before = stored.get(key);
          if (before === after) continue;
          const changes = changesByTrace.get(after.trace_id) ?? [];
          changes.push({ before, after });
          changesByTrace.set(after.trace_id, changes);
        }
        const touched = new Map<string, TraceRow>();
        for (const [traceId, changes] of changesByTrace) {
          const existing = traces.get(traceId);
          const firstStart = Math.min(...changes.map((c) => c.after.start_time));
          const trace = existing ? { ...existing } : newTrace(projectId, traceId, firstStart, at);
          await foldSpansIntoTrace(tx, trace, existing, changes, rollups);
          const decision = decisions.get(traceId);
          if (decision) {
            trace.decision = decision.snapshot;
            trace.decision_action = decision.action;
          }
          rollups.trace(existing, settleTrace(trace, at));
          touched.set(traceId, trace);
        }
        await tx.putSpans([...changesByTrace.values()].flat().map((c) => c.after));
        await tx.putTraces([...touched.values()]);
        await tx.addSpanEvents(eventRows);
        await tx.addRollups(rollups.deltas());
        return results.result();
      });
    },

    /** `POST /evals`: attach evaluation results to traces (and optionally spans). */
    ingestEvals(projectId: string, evals: EvalInput[]): Promise<IngestResult> {
      return store.ingest((tx) => addEvals(tx, projectId, evals));
    },
  };
}

/** The ingest service. */
export type IngestService = ReturnType<typeof createIngestService>;

function parentOf(e: SpanEventInput): string | null | undefined {
  return e.fields.parent_span_id !== undefined ? e.fields.parent_span_id : e.parent_span_id;
}

/**
 * Claims the idempotency keys of the items about to apply. Answers a check that is true for items
 * without a key and for the first item with a newly claimed key (a key repeated in one batch counts once).
 */
async function claimKeys(
  tx: { claimIdempotencyKeys(projectId: string, keys: string[]): Promise<Set<string>> },
  projectId: string,
  keys: (string | undefined)[],
): Promise<(key: string | undefined) => boolean> {
  const wanted = unique(keys.filter((k): k is string => !!k));
  const fresh = await tx.claimIdempotencyKeys(projectId, wanted);
  return (key) => {
    if (!key) return true;
    if (!fresh.has(key)) return false;
    fresh.delete(key);
    return true;
  };
}

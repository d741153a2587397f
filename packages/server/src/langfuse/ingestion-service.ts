/**
 * `POST /api/public/ingestion`: a Langfuse batch applied through the ingest service. Events are
 * grouped by trace: each trace's trace-create fields and observations are one upsert, the traces of
 * a batch in one transaction (spans whose parent is not there yet are kept); scores follow as
 * evaluations in the same transaction, their traces created when missing. Every event gets an entry: 201 in `successes`
 * (also a duplicate event id), or an error with the reason. A create and the update of the same
 * observation in one batch are applied as one span (ingestion-fold.ts); the answer is the same.
 */
import type { EvalInput, TraceInput } from '@tracehub/core';
import type { IngestService, TraceBatchResult, TraceUpdate, TraceUpsertBody } from '../ingest/ingest-service.js';
import { checkObservation, eventKey, mapLangfuseEvent } from './ingestion-events.js';
import { foldObservations, type ObservationUnit } from './ingestion-fold.js';
import { langfuseScoreToEval } from './scores.js';

/** One success entry. */
export interface IngestionSuccess {
  id: string;
  status: number;
}
/** One error entry. */
export interface IngestionError {
  id: string;
  status: number;
  message: string;
  error?: unknown;
}
/** The 207 answer. */
export interface IngestionResponse {
  successes: IngestionSuccess[];
  errors: IngestionError[];
}

interface TraceGroup {
  trace: TraceInput;
  /**
   * The trace-create events in order, each keyed by its event id: the ingest service applies one
   * only the first time it sees it (an SDK re-sends a batch it got no answer for). Each carries its
   * timestamp: Langfuse keeps a trace's earliest.
   */
  updates: TraceUpdate[];
  traceEvents: string[];
  spans: TraceUpsertBody['spans'];
  /** The observation events in batch order, each with the index of the span it was applied in. */
  spanEvents: { id: string; span: number }[];
}

/** Creates the Langfuse ingestion over the ingest service. */
export function createLangfuseIngestion(ingest: Pick<IngestService, 'ingestTraceBatch'>) {
  return {
    /** Applies the events of one batch for `projectId`. */
    async ingest(projectId: string, batch: unknown[]): Promise<IngestionResponse> {
      const answer: IngestionResponse = { successes: [], errors: [] };
      const ok = (id: string) => answer.successes.push({ id, status: 201 });
      const fail = (id: string, status: number, message: string) => answer.errors.push({ id, status, message });
      const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

      const groups = new Map<string, TraceGroup>();
      const group = (traceId: string) => {
        let g = groups.get(traceId);
        if (!g) groups.set(traceId, (g = { trace: { trace_id: traceId }, updates: [], traceEvents: [], spans: [], spanEvents: [] }));
        return g;
      };
      const evals: EvalInput[] = [];
      const evalEvents: string[] = [];
      const mapped = batch.map((raw, index) => mapLangfuseEvent(raw, index));
      // The observation events of one observation fold into one span where that stores the same
      // (ingestion-fold.ts); a fold is checked at its first event, and event by event if it fails.
      const units = foldObservations(mapped.flatMap((event, index) => (event.kind === 'observation' ? [{ index, eventId: event.eventId, draft: event.draft }] : [])));
      const unitAt = new Map<number, ObservationUnit>();
      for (const unit of units) for (const index of unit.indexes) unitAt.set(index, unit);
      const split = new Set<ObservationUnit>();
      const addSpan = (checked: ReturnType<typeof checkObservation>, eventIds: string[]) => {
        if (checked.kind === 'error') fail(checked.eventId, checked.status, checked.message);
        else if (checked.kind === 'span') {
          const g = group(checked.traceId);
          for (const id of eventIds) g.spanEvents.push({ id, span: g.spans.length });
          g.spans.push(checked.span);
        }
      };
      mapped.forEach((event, index) => {
        if (event.kind === 'error') fail(event.eventId, event.status, event.message);
        else if (event.kind === 'ignored') ok(event.eventId);
        else if (event.kind === 'score') {
          try {
            const evaluation = langfuseScoreToEval(event.score);
            // A score may arrive before its trace (the SDKs send batches concurrently): Langfuse keeps
            // it, so its trace is created (empty until its own events arrive) rather than the score lost.
            group(evaluation.trace_id);
            evals.push(evaluation);
            evalEvents.push(event.eventId);
          } catch (error) {
            fail(event.eventId, 400, reason(error));
          }
        } else if (event.kind === 'trace') {
          const g = group(event.trace.trace_id);
          const { trace_id: _traceId, ...fields } = event.trace;
          g.updates.push({ idempotency_key: eventKey(event.eventId), trace: fields, earliest_start_time: event.timestamp });
          g.traceEvents.push(event.eventId);
        } else if (event.kind === 'observation') {
          const unit = unitAt.get(index) as ObservationUnit;
          if (unit.indexes.length === 1 || split.has(unit)) addSpan(checkObservation(event.eventId, event.draft), [event.eventId]);
          else if (unit.indexes[0] === index) {
            const checked = checkObservation(event.eventId, unit.draft);
            if (checked.kind === 'span') addSpan(checked, unit.eventIds);
            else {
              split.add(unit);
              addSpan(checkObservation(event.eventId, event.draft), [event.eventId]);
            }
          }
        }
      });

      const traces = [...groups.values()];
      let stored: TraceBatchResult;
      try {
        stored = traces.length
          ? await ingest.ingestTraceBatch(projectId, {
            traces: traces.map((g) => ({ trace: g.trace, spans: g.spans, allow_missing_parent: true, trace_updates: g.updates })),
            evals,
          })
          : { traces: [] };
      } catch (error) {
        const message = `storing the batch failed: ${reason(error)}`;
        for (const g of traces) for (const id of [...g.traceEvents, ...g.spanEvents.map((e) => e.id)]) fail(id, 500, message);
        for (const id of evalEvents) fail(id, 500, message);
        return answer;
      }
      stored.traces.forEach((result, t) => {
        const g = traces[t];
        for (const id of g.traceEvents) ok(id);
        const bySpan = new Map(result.items.filter((item) => item.kind === 'span').map((item) => [item.index, item]));
        for (const { id, span } of g.spanEvents) {
          const item = bySpan.get(span);
          if (item?.status === 'rejected') fail(id, 400, item.reason ?? 'rejected');
          else if (item) ok(id);
        }
      });
      for (const item of stored.evals?.items ?? []) {
        const id = evalEvents[item.index];
        if (item.status === 'rejected') fail(id, 400, item.reason ?? 'rejected');
        else ok(id);
      }
      return answer;
    },
  };
}

/** The Langfuse ingestion. */
export type LangfuseIngestion = ReturnType<typeof createLangfuseIngestion>;

/**
 * Folding the observation events of one ingestion batch that name the same observation (the SDKs
 * send each observation as a create and, in the same batch, the update that ends it) into one span
 * draft: one validation and one span upsert instead of two. A fold happens only where applying the
 * folded span gives the same stored span as applying the events one after the other
 * (ingest/span-state.ts `applySpanInput`): the events set disjoint fields (attributes with disjoint
 * keys), and the usage fields that decide the cost come from one of them. Anything else is applied
 * event by event, as before.
 *
 * A folded span carries one idempotency key naming all its event ids, so a re-sent batch changes
 * nothing; an event id is claimed only as part of its fold (a later batch that repeats one event of
 * a fold alongside a new one applies both).
 */
import type { ObservationDraft } from './ingestion-events.js';

/** Idempotency-key prefix of a folded span: the key names each event id, length-prefixed. */
export const LANGFUSE_FOLD_KEY_PREFIX = 'langfuse:events:';
/** Longest idempotency key core's schema accepts. */
const MAX_KEY_LENGTH = 256;

/** One or more observation events of a batch applied as one span. */
export interface ObservationUnit {
  /** Batch indexes of the events, in order. */
  indexes: number[];
  eventIds: string[];
  /** The folded draft (the only event's draft when not folded). */
  draft: ObservationDraft;
}

/** Fields one event at most may send (span and trace id are compared, attributes merged). */
const DISJOINT = [
  'parent_span_id', 'name', 'span_type', 'status', 'start_time', 'end_time', 'model', 'input', 'output',
  'input_tokens', 'output_tokens', 'total_tokens', 'cached_input_tokens', 'cost', 'level', 'status_message',
] as const;
/** Usage fields: they decide the total and the cost, so they must all come from one event. */
const USAGE = ['input_tokens', 'output_tokens', 'total_tokens', 'cached_input_tokens', 'cost'] as const;

/**
 * Groups the observation events of a batch (index, event id, draft; in batch order) into units:
 * consecutive events of one observation fold while `fold` allows it.
 */
export function foldObservations(events: { index: number; eventId: string; draft: ObservationDraft }[]): ObservationUnit[] {
  const units: ObservationUnit[] = [];
  const last = new Map<string, ObservationUnit>();
  for (const { index, eventId, draft } of events) {
    const id = draft.span_id;
    const open = typeof id === 'string' ? last.get(id) : undefined;
    const folded = open && !open.eventIds.includes(eventId) ? fold(open.draft, draft, [...open.eventIds, eventId]) : undefined;
    if (open && folded) {
      open.indexes.push(index);
      open.eventIds.push(eventId);
      open.draft = folded;
      continue;
    }
    const unit = { indexes: [index], eventIds: [eventId], draft };
    units.push(unit);
    if (typeof id === 'string') last.set(id, unit);
  }
  return units;
}

/** `a` then `b` as one draft, or undefined when applying them one by one could differ. */
function fold(a: ObservationDraft, b: ObservationDraft, eventIds: string[]): ObservationDraft | undefined {
  if (a.span_id !== b.span_id || a.trace_id !== b.trace_id || typeof a.trace_id !== 'string') return undefined;
  for (const field of DISJOINT) if (a[field] !== undefined && b[field] !== undefined) return undefined;
  if (!usageFoldable(a, b)) return undefined;
  let attributes = a.attributes ?? b.attributes;
  if (a.attributes && b.attributes) {
    for (const name in b.attributes) if (Object.hasOwn(a.attributes, name)) return undefined;
    attributes = { ...a.attributes, ...b.attributes };
  }
  const key = foldKey(eventIds);
  if (key.length > MAX_KEY_LENGTH) return undefined;
  const pick = (field: (typeof DISJOINT)[number]) => (a[field] !== undefined ? a[field] : b[field]);
  // The same fields in the same order as an event's draft (ingestion-events.ts).
  return {
    span_id: a.span_id,
    trace_id: a.trace_id,
    parent_span_id: pick('parent_span_id'),
    name: pick('name'),
    span_type: pick('span_type'),
    status: pick('status'),
    start_time: pick('start_time'),
    end_time: pick('end_time'),
    model: pick('model'),
    input: pick('input'),
    output: pick('output'),
    attributes,
    input_tokens: pick('input_tokens'),
    output_tokens: pick('output_tokens'),
    total_tokens: pick('total_tokens'),
    cached_input_tokens: pick('cached_input_tokens'),
    cost: pick('cost'),
    level: pick('level'),
    status_message: pick('status_message'),
    idempotency_key: key,
  };
}

/**
 * Whether the folded span gets the same total and cost as applying `a` then `b`: usage from `a`
 * only when `b` sends no model (which would make the cost be worked out again); usage from `b`
 * only with a cost, input or output tokens, or a model (so applying `b` alone would also work the
 * cost out from the final fields); a cost only as a number.
 */
function usageFoldable(a: ObservationDraft, b: ObservationDraft): boolean {
  const sends = (d: ObservationDraft) => USAGE.some((field) => d[field] !== undefined);
  const numberCost = (d: ObservationDraft) => d.cost === undefined || typeof d.cost === 'number';
  if (!numberCost(a) || !numberCost(b)) return false;
  if (sends(a)) return !sends(b) && b.model === undefined;
  if (!sends(b)) return true;
  return b.cost !== undefined || b.input_tokens != null || b.output_tokens != null || b.model != null;
}

/** The idempotency key of a folded span: each event id length-prefixed, so no two lists share a key. */
function foldKey(eventIds: string[]): string {
  return `${LANGFUSE_FOLD_KEY_PREFIX}${eventIds.map((id) => `${id.length}:${id}`).join('')}`;
}

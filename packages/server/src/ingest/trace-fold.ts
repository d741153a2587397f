/**
 * Folds one batch's changed spans into their trace, the same way for every ingestion path, so
 * that a trace does not depend on the order its spans arrive in or how they are split across
 * requests (docs/otlp-mapping.md#trace):
 *
 * - the root is the earliest span without a parent, else the earliest span whose parent is not
 *   among the trace's spans (a parent in another service); name, input and output text, start and
 *   model come from the root unless a client set them;
 * - usage (tokens, cost) counts toward the trace, and the span rollups, only on spans with no
 *   descendant that reports usage, so an agent span carrying its children's total is not added twice;
 *   a counted span with tokens but no cost (a model without a price) counts as unpriced.
 *
 * The trace's other spans are read (links and usage only) only when the batch alone cannot decide:
 * the trace has usage already, the batch has more than one span with usage, or no parentless root
 * is known yet. A whole trace in one request reads nothing.
 */
import type { IngestTx } from '../storage/store.js';
import type { SpanLink, SpanRow, TraceRow } from '../storage/rows.js';
import type { RollupAccumulator } from './rollup-accumulator.js';
import { replaceSpanInTrace } from './trace-state.js';

/** One span of the batch: its stored view (absent when new) and its view after the batch. */
export interface SpanChange {
  before: SpanRow | undefined;
  after: SpanRow;
}

type FoldTx = Pick<IngestTx, 'getSpans' | 'getSpanLinks'>;

/** True when the span reports any usage. */
export const reportsUsage = (s: SpanLink): boolean =>
  (s.input_tokens ?? 0) > 0 || (s.output_tokens ?? 0) > 0 || (s.total_tokens ?? 0) > 0 || (s.cost ?? 0) > 0;

/** The spans whose usage counts: those reporting usage with no descendant that reports usage. */
export function countedSpans(spans: Map<string, SpanLink>): Set<string> {
  const covered = new Set<string>();
  for (const span of spans.values()) {
    if (!reportsUsage(span)) continue;
    const seen = new Set<string>([span.span_id]);
    let parent = span.parent_span_id;
    // Walk up until an ancestor already covered (its ancestors are too), a missing parent, or a cycle.
    while (parent && !covered.has(parent) && !seen.has(parent) && spans.has(parent)) {
      covered.add(parent);
      seen.add(parent);
      parent = (spans.get(parent) as SpanLink).parent_span_id;
    }
  }
  const counted = new Set<string>();
  for (const span of spans.values()) if (reportsUsage(span) && !covered.has(span.span_id)) counted.add(span.span_id);
  return counted;
}

const earlier = (a: SpanLink, b: SpanLink) => a.start_time < b.start_time || (a.start_time === b.start_time && a.span_id < b.span_id);

/** The root among `spans`: the earliest parentless span, else the earliest whose parent is not in `known`. */
export function pickRoot(spans: Iterable<SpanLink>, known: (spanId: string) => boolean): SpanLink | undefined {
  let parentless: SpanLink | undefined;
  let orphan: SpanLink | undefined;
  for (const s of spans) {
    if (s.parent_span_id == null) {
      if (!parentless || earlier(s, parentless)) parentless = s;
    } else if (!known(s.parent_span_id) && (!orphan || earlier(s, orphan))) orphan = s;
  }
  return parentless ?? orphan;
}

/** A span's JSON payload as trace text: a JSON string as its text, anything else as its JSON. */
function displayText(json: string | null): string | null {
  if (json == null || json === 'null') return null;
  if (json.startsWith('"')) {
    const value: unknown = JSON.parse(json);
    return typeof value === 'string' ? value : json;
  }
  return json;
}

/** Sets the derivable fields a client did not set from the root span. */
function deriveFromRoot(trace: TraceRow, set: Set<string>, root: SpanRow): void {
  if (!set.has('name')) trace.name = root.name;
  if (!set.has('input_text')) trace.input_text = displayText(root.input);
  if (!set.has('output_text')) trace.output_text = displayText(root.output);
  if (!set.has('start_time')) trace.start_time = root.start_time;
  if (!set.has('model') && root.model != null) trace.model = root.model;
}

/**
 * Folds `changes` (spans of `trace`, already applied) into `trace` — counts, root, derived fields,
 * usage totals — and their span deltas into `rollups`. `existing` is the trace as stored (absent when new).
 */
export async function foldSpansIntoTrace(
  tx: FoldTx,
  trace: TraceRow,
  existing: TraceRow | undefined,
  changes: SpanChange[],
  rollups: RollupAccumulator,
): Promise<void> {
  const { project_id: projectId, trace_id: traceId } = trace;
  const changed = new Map(changes.map((c) => [c.after.span_id, c]));
  for (const c of changes) replaceSpanInTrace(trace, c.before, c.after);

  const storedRootId = existing?.root_span_id ?? null;
  let storedRoot: SpanLink | undefined;
  if (storedRootId) storedRoot = changed.get(storedRootId)?.after ?? (await tx.getSpans(projectId, traceId, [storedRootId]))[0];
  const batchUsage = changes.filter((c) => reportsUsage(c.after)).length;
  const setFields = new Set<string>(JSON.parse(trace.set_fields) as string[]);
  // The model falls back to the spans' when the root has none: that needs them all.
  const modelFromSpans = !setFields.has('model') && storedRoot?.model == null && changes.some((c) => c.after.model != null);
  // A trace whose environment changes moves all its spans' rollup counts to the new environment.
  const environment = { before: existing?.environment ?? null, after: trace.environment };
  const movesEnvironment = !!existing && (environment.before ?? '') !== (environment.after ?? '');
  const needLinks = !!existing && (movesEnvironment || existing.total_tokens > 0 || existing.input_tokens > 0 || existing.output_tokens > 0
    || existing.cost > 0 || batchUsage >= 2 || !storedRoot || storedRoot.parent_span_id != null || modelFromSpans);

  // Before: the stored spans when read; otherwise none of them reports usage, so they need not be counted.
  const before = needLinks ? new Map((await tx.getSpanLinks(projectId, traceId)).map((l) => [l.span_id, l])) : undefined;
  const after = new Map<string, SpanLink>(before ?? []);
  for (const c of changes) after.set(c.after.span_id, c.after);
  const countedBefore = before ? countedSpans(before) : undefined;
  const countedAfter = countedSpans(after);

  for (const c of changes) {
    const id = c.after.span_id;
    rollups.span(c.before, c.after, { before: countedBefore?.has(id) ?? true, after: countedAfter.has(id) }, environment);
  }
  if (before && countedBefore) {
    for (const [id, link] of before) {
      if (!changed.has(id) && (movesEnvironment || countedBefore.has(id) !== countedAfter.has(id))) {
        rollups.span(link, link, { before: countedBefore.has(id), after: countedAfter.has(id) }, environment);
      }
    }
  }
  trace.input_tokens = 0;
  trace.output_tokens = 0;
  trace.total_tokens = 0;
  trace.cost = 0;
  trace.unpriced_span_count = 0;
  for (const id of countedAfter) {
    const s = after.get(id) as SpanLink;
    trace.input_tokens += s.input_tokens ?? 0;
    trace.output_tokens += s.output_tokens ?? 0;
    trace.total_tokens += s.total_tokens ?? 0;
    trace.cost += s.cost ?? 0;
    // Tokens without a cost: the model has no price, so the trace's cost is a lower bound.
    if (s.cost == null) trace.unpriced_span_count += 1;
  }

  // Root: over every span when they were read (or the trace is new); else the stored root is a
  // parentless span and only the batch's parentless spans can displace it.
  const whole = !existing || !!before;
  const candidates = whole ? after.values() : [...(storedRoot ? [storedRoot] : []), ...changes.map((c) => c.after)];
  const root = pickRoot(candidates, (id) => after.has(id));
  if (!root) return;
  if (root.span_id !== trace.root_span_id || changed.has(root.span_id)) {
    trace.root_span_id = root.span_id;
    const full = changed.get(root.span_id)?.after ?? (await tx.getSpans(projectId, traceId, [root.span_id]))[0];
    if (full) deriveFromRoot(trace, setFields, full);
  }
  if (whole && root.model == null && !setFields.has('model')) trace.model = fallbackModel(after.values());
}

/** The model of the earliest `llm` span that names one, else of the earliest span that does. */
function fallbackModel(spans: Iterable<SpanLink>): string | null {
  let llm: SpanLink | undefined;
  let any: SpanLink | undefined;
  for (const s of spans) {
    if (s.model == null) continue;
    if (s.span_type === 'llm' && (!llm || earlier(s, llm))) llm = s;
    if (!any || earlier(s, any)) any = s;
  }
  return (llm ?? any)?.model ?? null;
}

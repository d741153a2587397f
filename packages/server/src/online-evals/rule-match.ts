/** Which traces a rule takes: its filter, and the deterministic sampling decision. */
import { createHash } from 'node:crypto';
import type { CandidateTrace } from '../storage/online-eval-store.js';
import type { SpanRow } from '../storage/rows.js';
import type { RuleFilter } from '@tracehub/core';

/**
 * Whether the rule samples this trace: a hash of rule id and trace id, so a retry, a restart or
 * a second server decides the same, and a rate of 0.5 takes about half of any set of traces.
 */
export function sampled(ruleId: string, traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  const digest = createHash('sha256').update(`${ruleId}\u0000${traceId}`).digest();
  return digest.readUInt32BE(0) / 2 ** 32 < rate;
}

/** The filter needs the trace's spans (span name, span type or a span's model). */
export const needsSpans = (filter: RuleFilter): boolean =>
  filter.span_name !== undefined || filter.span_type !== undefined || filter.model !== undefined;

const parse = <T>(json: string, fallback: T): T => {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
};

/** Does the trace (and, when the filter needs them, its spans) match every given field? */
export function matches(filter: RuleFilter, trace: CandidateTrace, spans: Pick<SpanRow, 'name' | 'span_type' | 'model'>[] = []): boolean {
  if (filter.trace_name !== undefined && trace.name !== filter.trace_name) return false;
  if (filter.environment !== undefined && trace.environment !== filter.environment) return false;
  if (filter.tags?.length) {
    const tags = parse<unknown[]>(trace.tags, []);
    if (!filter.tags.every((t) => tags.includes(t))) return false;
  }
  if (filter.metadata) {
    const attributes = parse<Record<string, unknown>>(trace.attributes, {});
    for (const [key, value] of Object.entries(filter.metadata)) {
      const have = attributes[key];
      if (have === undefined || have === null || (typeof have === 'string' ? have : JSON.stringify(have)) !== value) return false;
    }
  }
  if (filter.span_name !== undefined && !spans.some((s) => s.name === filter.span_name)) return false;
  if (filter.span_type !== undefined && !spans.some((s) => s.span_type === filter.span_type)) return false;
  if (filter.model !== undefined && trace.model !== filter.model && !spans.some((s) => s.model === filter.model)) return false;
  return true;
}

/**
 * Both SQL backends: the trace remembers which span it takes its derived fields from (its root,
 * docs/otlp-mapping.md#trace) and which fields a client set itself (those are never derived).
 * Traces written before this migration keep every field as it is: they count as client-set.
 * 0015: how many of the trace's counted spans report tokens without a cost (an unpriced model).
 */
export const TRACE_ROOT_MIGRATIONS: Record<string, string[]> = {
  '0013_trace_root': [
    'ALTER TABLE traces ADD COLUMN root_span_id TEXT',
    `ALTER TABLE traces ADD COLUMN set_fields TEXT NOT NULL DEFAULT '[]'`,
    `UPDATE traces SET set_fields = '["name","input_text","output_text","start_time","model"]'`,
  ],
  // Counted spans (trace-fold.ts) that report tokens but no cost: the model has no price, so the
  // trace's cost is a lower bound. Traces written before this migration count none.
  '0015_trace_unpriced_spans': ['ALTER TABLE traces ADD COLUMN unpriced_span_count INTEGER NOT NULL DEFAULT 0'],
};

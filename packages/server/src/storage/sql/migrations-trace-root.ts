/**
 * Both SQL backends: the trace remembers which span it takes its derived fields from (its root,
 * docs/otlp-mapping.md#trace) and which fields a client set itself (those are never derived).
 * Traces written before this migration keep every field as it is: they count as client-set.
 */
export const TRACE_ROOT_MIGRATIONS: Record<string, string[]> = {
  '0013_trace_root': [
    'ALTER TABLE traces ADD COLUMN root_span_id TEXT',
    `ALTER TABLE traces ADD COLUMN set_fields TEXT NOT NULL DEFAULT '[]'`,
    `UPDATE traces SET set_fields = '["name","input_text","output_text","start_time","model"]'`,
  ],
};

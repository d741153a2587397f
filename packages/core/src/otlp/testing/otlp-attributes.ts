/** Test helpers: plain values and records as OTLP/JSON attribute values, as exporters send them. */
import type { OtlpAnyValue, OtlpKeyValue } from '../otlp-types.js';

/** A value as an OTLP AnyValue (integers as intValue strings, objects as kvlists). */
export function otlpValue(v: unknown): OtlpAnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(otlpValue) } };
  return { kvlistValue: { values: otlpAttributes(v as Record<string, unknown>) } };
}

/** A record as OTLP key-values. */
export function otlpAttributes(record: Record<string, unknown>): OtlpKeyValue[] {
  return Object.entries(record).map(([key, v]) => ({ key, value: otlpValue(v) }));
}

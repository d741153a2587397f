import type { OtlpAnyValue, OtlpKeyValue, OtlpUnixNanos } from './otlp-types.js';

/** Nested arrays / key-value lists deeper than this are kept as a placeholder string. */
const MAX_ATTRIBUTE_DEPTH = 32;

/**
 * Converts an OTLP `AnyValue` to plain JSON: int64 becomes a number when it is a safe integer
 * (else its decimal string), non-finite doubles their name, bytes stay base64, arrays and
 * key-value lists nest. An empty value is `null`.
 */
function anyValueToJson(value: OtlpAnyValue | null | undefined, depth = 0): unknown {
  if (value == null || typeof value !== 'object') return null;
  if (depth > MAX_ATTRIBUTE_DEPTH) return '[nested too deep]';
  if (value.stringValue != null) return String(value.stringValue);
  if (value.boolValue != null) return Boolean(value.boolValue);
  if (value.intValue != null) return intToJson(value.intValue);
  if (value.doubleValue != null) return doubleToJson(value.doubleValue);
  if (value.arrayValue != null) {
    const values = Array.isArray(value.arrayValue.values) ? value.arrayValue.values : [];
    return values.map((v) => anyValueToJson(v, depth + 1));
  }
  if (value.kvlistValue != null) return keyValuesToRecord(value.kvlistValue.values, depth + 1);
  if (value.bytesValue != null) return String(value.bytesValue);
  return null;
}

/** Converts a list of OTLP `KeyValue`s to an object; entries without a key are skipped. */
export function keyValuesToRecord(list: OtlpKeyValue[] | null | undefined, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (kv == null || typeof kv.key !== 'string' || kv.key === '') continue;
    out[kv.key] = anyValueToJson(kv.value, depth);
  }
  return out;
}

function intToJson(raw: string | number): number | string | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? Math.trunc(raw) : null;
  const n = Number(raw);
  return Number.isSafeInteger(n) ? n : String(raw);
}

function doubleToJson(raw: number | string): number | string | null {
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (Number.isFinite(n)) return n;
  return typeof raw === 'string' ? raw : String(n);
}

/** A parsed OTLP time: absent (missing or 0), invalid, or microseconds plus the exact nanos. */
export type ParsedUnixNanos =
  | { kind: 'absent' }
  | { kind: 'invalid'; raw: string }
  | { kind: 'ok'; micros: number; nanos: string };

/** Parses unix nanoseconds (decimal string or number) to integer microseconds. */
export function parseUnixNanos(value: OtlpUnixNanos | null | undefined): ParsedUnixNanos {
  if (value == null || value === '' || value === 0 || value === '0') return { kind: 'absent' };
  let nanos: bigint;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return { kind: 'invalid', raw: String(value) };
    nanos = BigInt(Math.trunc(value));
  } else if (typeof value === 'string' && /^\d{1,20}$/.test(value)) {
    nanos = BigInt(value);
  } else {
    return { kind: 'invalid', raw: String(value).slice(0, 40) };
  }
  if (nanos === 0n) return { kind: 'absent' };
  const micros = nanos / 1000n;
  if (micros > BigInt(Number.MAX_SAFE_INTEGER)) return { kind: 'invalid', raw: String(value).slice(0, 40) };
  return { kind: 'ok', micros: Number(micros), nanos: nanos.toString() };
}

/**
 * Normalises a trace id (16 bytes) or span id (8 bytes) given as hex to lower case.
 * Returns undefined when absent (missing, empty or all zeroes) and null when malformed.
 */
export function normalizeHexId(value: unknown, bytes: 8 | 16): string | null | undefined {
  if (value == null || value === '') return undefined;
  if (typeof value !== 'string') return null;
  const hex = value.toLowerCase();
  if (hex.length !== bytes * 2 || !/^[0-9a-f]+$/.test(hex)) return null;
  return /^0+$/.test(hex) ? undefined : hex;
}

/** Parses a JSON text; answers the text itself when it is not JSON. Non-strings pass through. */
export function parseJsonLoose(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (!/^[[{"]/.test(trimmed)) return value;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return value;
  }
}

/** Reads a non-negative whole token count from a number or numeric string; undefined otherwise. */
export function toCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** Reads a finite non-negative number (a cost) from a number or numeric string. */
export function toAmount(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Reads a non-empty string (numbers are stringified), cut to `max` characters. */
export function toText(value: unknown, max: number): string | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') value = String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text.slice(0, max);
}

/** Stringifies a span input or output for the trace's `input_text` / `output_text`. */
export function toDisplayText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** True for a plain (non-array) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

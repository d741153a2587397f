/** Stable hashing of JSON inputs: object keys sorted, so the same content always gives the same hash. */
import { createHash } from 'node:crypto';

/** JSON text of `value` with object keys in sorted order at every level. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** Hex sha256 of text. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Reads an item's expected output into the fields evaluators use. The seed layout is
 * `{keywords, forbidden, reference}` (plus optional `regex`, `json_schema`, `rubric`); any other value
 * (a string, or an object without those keys) is the reference itself.
 */

/** What evaluators read from an item's expectation. */
export interface ExpectedFields {
  keywords: string[];
  forbidden: string[];
  /** undefined when the item has none. */
  reference: unknown;
  regex: string[];
  jsonSchema: Record<string, unknown> | null;
  rubric: string | null;
  raw: unknown;
}

const KNOWN = ['keywords', 'forbidden', 'reference', 'regex', 'json_schema', 'rubric'];

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.length > 0) : typeof value === 'string' && value ? [value] : [];

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** Normalises an expectation. */
export function expectedFields(expected: unknown): ExpectedFields {
  const empty: ExpectedFields = { keywords: [], forbidden: [], reference: undefined, regex: [], jsonSchema: null, rubric: null, raw: expected };
  if (expected === null || expected === undefined) return empty;
  if (!isRecord(expected) || !KNOWN.some((k) => k in expected)) return { ...empty, reference: expected };
  return {
    keywords: strings(expected.keywords),
    forbidden: strings(expected.forbidden),
    reference: expected.reference,
    regex: strings(expected.regex),
    jsonSchema: isRecord(expected.json_schema) ? expected.json_schema : null,
    rubric: typeof expected.rubric === 'string' ? expected.rubric : null,
    raw: expected,
  };
}

/** True when a reference says nothing (undefined, null, "" or {}). */
export function isEmptyReference(reference: unknown): boolean {
  if (reference === undefined || reference === null || reference === '') return true;
  return isRecord(reference) && Object.keys(reference).length === 0;
}

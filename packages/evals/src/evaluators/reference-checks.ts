/**
 * The checks of the `reference` evaluator. A reference may be:
 * - text: the output contains it (mode `contains`, default) or equals it (mode `exact`), normalised;
 * - a number: a number in the output within `tolerance` (absolute) or `relative_tolerance`;
 * - a list of texts: each is contained;
 * - an object, one check per key:
 *   `exact` / `contains` (text or list) on the whole output;
 *   `must_have_sections: [..]` — keys of the output's JSON (or, when it is not JSON, texts it contains);
 *   `<field>_range: [lo, hi]` — the JSON field (dotted path) is a number in [lo, hi];
 *   `<field>_count: n` — the JSON list `<field>` / `<field>s` has n entries; for text output, the
 *     number of list lines (`1.`, `-`, `*`, `•`);
 *   any other key — the JSON field equals the value (numbers within tolerance, texts per mode,
 *     lists and objects equal as JSON).
 */
import { canonicalJson } from '@tracehub/core';
import { containsText, normalizeText } from './text-match.js';
import { textTranslator, type TranslateText } from '../report/report-lang.js';
import { parseOutputJson } from './output-json.js';

/** How texts and numbers are compared. */
export interface ReferenceOptions {
  mode: 'contains' | 'exact';
  tolerance: number;
  relativeTolerance: number;
  caseSensitive: boolean;
  /** The language of labels and details (default English). */
  t?: TranslateText;
}

/** One check and its outcome. */
export interface ReferenceCheck {
  label: string;
  ok: boolean;
  detail: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

function fieldAt(json: unknown, path: string): unknown {
  let current = json;
  for (const part of path.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[part];
  }
  return current;
}

const numbersIn = (text: string): number[] => (text.match(/-?\d+(?:[.,]\d+)?/g) ?? []).map((n) => Number(n.replace(',', '.')));

function numberClose(actual: number, expected: number, o: ReferenceOptions): boolean {
  return Math.abs(actual - expected) <= Math.max(o.tolerance, Math.abs(expected) * o.relativeTolerance) + 1e-12;
}

function textMatches(actual: string, expected: string, o: ReferenceOptions): boolean {
  return o.mode === 'exact' ? normalizeText(actual, o.caseSensitive) === normalizeText(expected, o.caseSensitive) : containsText(actual, expected, o.caseSensitive);
}

function valueMatches(actual: unknown, expected: unknown, o: ReferenceOptions): boolean {
  if (typeof expected === 'number') {
    const n = typeof actual === 'string' ? Number(actual) : actual;
    return typeof n === 'number' && Number.isFinite(n) && numberClose(n, expected, o);
  }
  if (typeof expected === 'string') return typeof actual === 'string' ? textMatches(actual, expected, o) : actual != null && textMatches(String(actual), expected, o);
  return canonicalJson(actual) === canonicalJson(expected);
}

const LIST_LINE = /^\s*(?:\d+[.)]|[-*•])\s+\S/;

function countOf(json: unknown, field: string, output: string): number | null {
  for (const name of [field, `${field}s`, `${field}es`]) {
    const value = fieldAt(json, name);
    if (Array.isArray(value)) return value.length;
  }
  if (Array.isArray(json)) return json.length;
  if (json !== undefined) return null;
  return output.split('\n').filter((line) => LIST_LINE.test(line)).length;
}

const show = (value: unknown) => (typeof value === 'string' ? `"${value.length > 80 ? `${value.slice(0, 80)}…` : value}"` : JSON.stringify(value));

function keyCheck(key: string, expected: unknown, output: string, json: unknown, o: ReferenceOptions, t: TranslateText): ReferenceCheck[] {
  if (key === 'exact' && typeof expected === 'string') {
    const ok = normalizeText(output, o.caseSensitive) === normalizeText(expected, o.caseSensitive);
    return [{ label: 'exact', ok, detail: ok ? t('the output equals the reference') : t('the output differs from {value}', { value: show(expected) }) }];
  }
  if (key === 'contains' && (typeof expected === 'string' || Array.isArray(expected))) {
    return (Array.isArray(expected) ? expected : [expected]).map((text) => {
      const ok = containsText(output, String(text), o.caseSensitive);
      return { label: t('contains {value}', { value: show(text) }), ok, detail: ok ? t('found') : t('not found in the output') };
    });
  }
  if (key === 'must_have_sections' && Array.isArray(expected)) {
    return expected.map((section) => {
      const name = String(section);
      const ok = isRecord(json) ? name in json : containsText(output, name, o.caseSensitive);
      return {
        label: t('section {name}', { name }),
        ok,
        detail: ok ? t('present') : isRecord(json) ? t('the JSON output has no such key') : t('not found in the output'),
      };
    });
  }
  const range = /^(.+)_range$/.exec(key);
  if (range && Array.isArray(expected) && expected.length === 2 && expected.every((v) => typeof v === 'number')) {
    const [lo, hi] = expected as number[];
    const raw = json === undefined ? numbersIn(output)[0] : fieldAt(json, range[1]);
    const value = typeof raw === 'string' ? Number(raw) : raw;
    const ok = typeof value === 'number' && value >= lo && value <= hi;
    const field = range[1];
    const detail = value === undefined ? t('{field} is missing', { field }) : t('{field} is {value}', { field, value: JSON.stringify(value) });
    return [{ label: t('{field} in [{lo}, {hi}]', { field, lo, hi }), ok, detail }];
  }
  const counted = /^(.+)_count$/.exec(key);
  if (counted && typeof expected === 'number') {
    const actual = countOf(json, counted[1], output);
    const ok = actual === expected;
    return [{ label: t('{field} count = {n}', { field: counted[1], n: expected }), ok, detail: actual === null ? t('found no list') : t('found {n}', { n: actual }) }];
  }
  const actual = json === undefined ? undefined : fieldAt(json, key);
  const ok = actual !== undefined && valueMatches(actual, expected, o);
  return [
    {
      label: t('{key} = {value}', { key, value: show(expected) }),
      ok,
      detail: actual === undefined ? t('the output has no field {key}', { key }) : t('{field} is {value}', { field: key, value: show(actual) }),
    },
  ];
}

/** Runs every check a reference implies against `output`. */
export function referenceChecks(output: string, reference: unknown, o: ReferenceOptions): ReferenceCheck[] {
  const t = o.t ?? textTranslator('en');
  if (typeof reference === 'string') {
    const ok = textMatches(output, reference, o);
    return [
      {
        label: t(o.mode === 'exact' ? 'exact {value}' : 'contains {value}', { value: show(reference) }),
        ok,
        detail: ok ? t('matches') : t(o.mode === 'exact' ? 'the output does not equal the reference' : 'the output does not contain the reference'),
      },
    ];
  }
  if (typeof reference === 'number') {
    const json = parseOutputJson(output);
    const candidates = typeof json === 'number' ? [json] : numbersIn(output);
    const ok = candidates.some((n) => numberClose(n, reference, o));
    const numbers = candidates.slice(0, 5).join(', ');
    const detail = ok ? t('found') : numbers ? t('numbers in the output: {list}', { list: numbers }) : t('numbers in the output: none');
    return [{ label: t('number ≈ {n}', { n: reference }), ok, detail }];
  }
  if (typeof reference === 'boolean') {
    const ok = containsText(output, String(reference));
    return [{ label: t('is {value}', { value: String(reference) }), ok, detail: ok ? t('found') : t('not found') }];
  }
  if (Array.isArray(reference)) return reference.flatMap((r) => referenceChecks(output, r, o));
  if (isRecord(reference)) {
    const json = parseOutputJson(output);
    return Object.entries(reference).flatMap(([key, value]) => keyCheck(key, value, output, json, o, t));
  }
  return [];
}

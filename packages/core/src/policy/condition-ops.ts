/**
 * The comparison operators of policy conditions over JSON values. A missing field is `undefined`:
 * it equals nothing, is in no list, contains nothing, matches no regex and does not exist.
 */
import type { ConditionOp } from './policy-definition.js';
import { compilePolicyRegex } from './policy-regex.js';

/** Longest string a `regex` condition looks at; longer strings are cut to this many characters. */
export const REGEX_INPUT_LIMIT = 10_000;

/** A condition's test, compiled once per policy version. */
export type ValueTest = (actual: unknown) => boolean;

/** Deep equality of JSON values (numbers, strings, booleans, null, arrays, plain objects). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Orders two numbers or two strings; answers null when they are not comparable. */
function order(actual: unknown, expected: unknown): number | null {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  if (typeof actual === 'string' && typeof expected === 'string') return actual < expected ? -1 : actual > expected ? 1 : 0;
  return null;
}

/** Builds the test of one operator against its (already validated) expected value. */
export function compileOp(op: ConditionOp, expected: unknown, flags = ''): ValueTest {
  switch (op) {
    case 'eq':
      return (actual) => jsonEqual(actual, expected);
    case 'ne':
      return (actual) => !jsonEqual(actual, expected);
    case 'gt':
      return (actual) => (order(actual, expected) ?? NaN) > 0;
    case 'gte':
      return (actual) => (order(actual, expected) ?? NaN) >= 0;
    case 'lt':
      return (actual) => (order(actual, expected) ?? NaN) < 0;
    case 'lte':
      return (actual) => (order(actual, expected) ?? NaN) <= 0;
    case 'in': {
      const list = expected as unknown[];
      return (actual) => actual !== undefined && list.some((v) => jsonEqual(actual, v));
    }
    case 'not_in': {
      const list = expected as unknown[];
      return (actual) => !list.some((v) => jsonEqual(actual, v));
    }
    case 'contains':
      return (actual) => {
        if (typeof actual === 'string') return typeof expected === 'string' && actual.includes(expected);
        if (Array.isArray(actual)) return actual.some((v) => jsonEqual(v, expected));
        return false;
      };
    case 'regex': {
      // RE2 semantics: linear-time matching. A stored pattern RE2 refuses (saved before patterns were
      // checked with RE2) matches nothing rather than making every decision fail.
      const compiled = compilePolicyRegex(expected as string, flags);
      if (!compiled.ok) return () => false;
      const pattern = compiled.regex;
      return (actual) => typeof actual === 'string' && pattern.test(actual.length > REGEX_INPUT_LIMIT ? actual.slice(0, REGEX_INPUT_LIMIT) : actual);
    }
    case 'exists': {
      const wanted = expected === undefined ? true : expected === true;
      return (actual) => (actual !== undefined && actual !== null) === wanted;
    }
  }
}

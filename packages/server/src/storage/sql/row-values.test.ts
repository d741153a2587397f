/** The per-column value rules of the row converters. */
import { describe, expect, it } from 'vitest';
import { flag, flagOrNull, num, numOrNull, text, textOr, textOrNull } from './row-values.js';

describe('row values', () => {
  it('read numbers: NULL as 0 or null, non-finite stored values never through', () => {
    expect([num(null), num(undefined), num(5), num('7'), num('Infinity'), num('NaN')]).toEqual([0, 0, 5, 7, 0, 0]);
    expect([numOrNull(null), numOrNull(0), numOrNull('1.5'), numOrNull(Infinity)]).toEqual([null, 0, 1.5, null]);
  });

  it('read booleans from SQLite 0/1 and PostgreSQL booleans', () => {
    expect([flagOrNull(null), flagOrNull(1), flagOrNull(0), flagOrNull(true), flagOrNull(false), flagOrNull('t')]).toEqual([null, true, false, true, false, true]);
    expect([flag(null), flag(1), flag(0)]).toEqual([false, true, false]);
  });

  it('read text: required, nullable, or with a default', () => {
    expect([text(1), textOrNull(null), textOrNull('a'), textOr(null, '{}'), textOr('[1]', '{}')]).toEqual(['1', null, 'a', '{}', '[1]']);
  });
});

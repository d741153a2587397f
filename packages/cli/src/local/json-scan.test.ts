import { describe, expect, it } from 'vitest';
import { lineColumn, scanJson } from './json-scan.js';

const errorAt = (text: string) => {
  const scan = scanJson(text);
  return scan.ok ? null : `${lineColumn(text, scan.offset)}: ${scan.message}`;
};

describe('JSON scanner', () => {
  it('accepts what JSON.parse accepts and records top-level positions', () => {
    const text = '[\n  {"id": "a"},\n  {"id": "b", "x": [1, -2.5e3, true, null, "\\u00e9\\n"]}\n]\n';
    const scan = scanJson(text);
    expect(scan.ok).toBe(true);
    if (!scan.ok) return;
    expect(scan.layout.elements.map((o) => lineColumn(text, o))).toEqual(['line 2, column 3', 'line 3, column 3']);
    const obj = '{\n  "case_001": {},\n  "case_002": {"k": {"nested": 1}}\n}';
    const keys = scanJson(obj);
    expect(keys.ok && [...keys.layout.keys.keys()]).toEqual(['case_001', 'case_002']);
  });

  it('names the line and column of the first error', () => {
    expect(errorAt('[\n  {"id": "a"},\n]')).toBe('line 3, column 1: expected a JSON value but found "]"');
    expect(errorAt('{"a": 1 "b": 2}')).toBe("line 1, column 9: expected ',' or '}' but found \"\\\"\"");
    expect(errorAt("{'a': 1}")).toContain('line 1, column 2: expected a double-quoted property name');
    expect(errorAt('[1, 2')).toContain('the end of the file');
    expect(errorAt('"abc')).toContain('unterminated string');
    expect(errorAt('[01]')).toContain("expected ',' or ']'");
    expect(errorAt('{} x')).toContain('expected the end of the file');
    expect(errorAt('\uFEFF[]')).toBeNull();
  });

  it('agrees with JSON.parse on many inputs', () => {
    const samples = ['1', '-0', '1e5', '"\\t"', '[[]]', '{"a":{}}', 'tru', 'nul', '[1,]', '{"a"}', '"\u0001"', '1.', '.5', '--1', '"\\x"', ' [ 1 , 2 ] '];
    for (const sample of samples) {
      let parses = true;
      try {
        JSON.parse(sample);
      } catch {
        parses = false;
      }
      expect(scanJson(sample).ok, sample).toBe(parses);
    }
  });

  it('names token errors, comments and a stray symbol after a nested value', () => {
    expect(errorAt('{"a": {} x}')).toBe("line 1, column 10: expected ',' or '}' but found \"x\"");
    expect(errorAt('[true x]')).toBe("line 1, column 7: expected ',' or ']' but found \"x\"");
    expect(errorAt('[1, x]')).toBe('line 1, column 5: expected a JSON value but found "x"');
    expect(errorAt('[1, /* c */ 2]')).toBe('line 1, column 5: comments are not allowed in JSON');
    expect(errorAt('["a\\x"]')).toBe('line 1, column 2: bad escape in a string');
    expect(errorAt('[1.]')).toBe('line 1, column 2: unfinished number');
    expect(errorAt('{"a": 1,}')).toBe('line 1, column 9: expected a double-quoted property name but found "}"');
  });

  it('counts a byte-order mark in the offsets it gives', () => {
    const text = '\uFEFF{"a": 1,\n "b": 2}';
    const scan = scanJson(text);
    expect(scan.ok && lineColumn(text, scan.layout.keys.get('b')!)).toBe('line 2, column 2');
    expect(errorAt('\uFEFF[1 2]')).toBe("line 1, column 5: expected ',' or ']' but found \"2\"");
  });
});

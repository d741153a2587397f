import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { mapInputToPlaceholders } from './input-mapping.js';
import { traceInputToObject } from './trace-input.js';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, 한: '글' })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1,"한":"글"}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('trace input → named values', () => {
  it('reads JSON object text as keys and plain text as one key', () => {
    expect(traceInputToObject('{"question": "q", "n": 1}', ['question'])).toEqual({ question: 'q', n: 1 });
    expect(traceInputToObject('환불 규정 알려줘', ['user_query'])).toEqual({ user_query: '환불 규정 알려줘' });
    expect(traceInputToObject('plain', ['a', 'b'])).toEqual({ input: 'plain' });
    expect(traceInputToObject('"quoted"', [])).toEqual({ input: 'quoted' });
    expect(traceInputToObject([{ role: 'system', content: 's' }, { role: 'user', content: 'hi' }], ['q'])).toEqual({ q: 'hi' });
    expect(traceInputToObject('  ', ['q'])).toBeNull();
    expect(traceInputToObject(null, ['q'])).toBeNull();
  });
});

describe('input key mapping', () => {
  it('keeps exact names and reports unmatched placeholders and keys', () => {
    expect(mapInputToPlaceholders({ company: 'A', role: 'B' }, ['company', 'position'])).toEqual({
      inputs: { company: 'A' },
      missing: ['position'],
      unused: ['role'],
      automatic: [],
    });
  });

  it('maps by explicit mapping (with dotted paths), by normalized name, and a lone key', () => {
    expect(mapInputToPlaceholders({ role: 'B', meta: { co: 'A' } }, ['company', 'position'], { role: 'position', 'meta.co': 'company' }).inputs)
      .toEqual({ company: 'A', position: 'B' });
    const auto = mapInputToPlaceholders({ userQuery: 'q' }, ['user_query', 'x']);
    expect(auto.inputs).toEqual({ user_query: 'q' });
    expect(auto.automatic).toEqual([{ from: 'userQuery', to: 'user_query' }]);
    expect(mapInputToPlaceholders({ text: 'q' }, ['question']).inputs).toEqual({ question: 'q' });
  });

  it('passes every key through (renamed by the mapping) when no placeholders are known', () => {
    expect(mapInputToPlaceholders({ a: 1, b: 2 }, [], { a: 'x' })).toMatchObject({ inputs: { x: 1, b: 2 }, missing: [] });
  });
});

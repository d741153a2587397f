/** Rule filters and the deterministic sample. */
import { describe, expect, it } from 'vitest';
import { matches, needsSpans, sampled } from './rule-match.js';

const trace = {
  trace_id: 't1', name: 'rag', environment: 'prod', model: null, tags: '["rag","ko"]',
  attributes: '{"tenant":"acme","tier":2,"flag":true}', start_time: 0,
};
const spans = [
  { name: 'retrieve', span_type: 'retriever', model: null },
  { name: 'answer', span_type: 'llm', model: 'gpt-4.1-mini' },
];

describe('rule filters', () => {
  it('takes a trace only when every given field holds', () => {
    expect(matches({}, trace)).toBe(true);
    expect(matches({ trace_name: 'rag', environment: 'prod', tags: ['ko', 'rag'] }, trace)).toBe(true);
    expect(matches({ trace_name: 'chat' }, trace)).toBe(false);
    expect(matches({ environment: 'dev' }, trace)).toBe(false);
    expect(matches({ tags: ['rag', 'en'] }, trace)).toBe(false);
  });
  it('compares metadata as text (numbers and booleans as their JSON)', () => {
    expect(matches({ metadata: { tenant: 'acme', tier: '2', flag: 'true' } }, trace)).toBe(true);
    expect(matches({ metadata: { tenant: 'other' } }, trace)).toBe(false);
    expect(matches({ metadata: { missing: '' } }, trace)).toBe(false);
  });
  it('reads spans for span name, span type and model', () => {
    expect(needsSpans({ environment: 'prod' })).toBe(false);
    expect(needsSpans({ span_type: 'llm' })).toBe(true);
    expect(matches({ span_name: 'retrieve', span_type: 'llm', model: 'gpt-4.1-mini' }, trace, spans)).toBe(true);
    expect(matches({ span_type: 'tool' }, trace, spans)).toBe(false);
    expect(matches({ model: 'claude' }, trace, spans)).toBe(false);
    expect(matches({ span_name: 'answer' }, trace, [])).toBe(false);
  });
});

describe('sampling', () => {
  it('decides the same for the same rule and trace, and takes about the rate', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `trace-${i}`);
    const taken = ids.filter((id) => sampled('rule-a', id, 0.3)).length;
    expect(taken).toBeGreaterThan(2_800);
    expect(taken).toBeLessThan(3_200);
    expect(ids.filter((id) => sampled('rule-a', id, 0.3)).length).toBe(taken);
    // Another rule samples other traces.
    expect(ids.filter((id) => sampled('rule-a', id, 0.3) !== sampled('rule-b', id, 0.3)).length).toBeGreaterThan(3_000);
    expect(ids.every((id) => sampled('r', id, 1) && !sampled('r', id, 0))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { CaseCollector } from './case-collector.js';

const trace = (id: string, input: unknown) => ({ id, name: 'prep', timestamp: '2026-01-26T00:00:00Z', sessionId: null, input });

describe('case collector', () => {
  it('adds new inputs, skips duplicates of existing and collected ones, and stubs only new cases', () => {
    const collector = new CaseCollector({
      existing: [{ id: 'case_001', description: 'd', inputs: { company: 'A', position: 'B' } }],
      expected: { case_001: { keywords: ['x'], forbidden: [], reference: {} } },
      placeholders: ['company', 'position'],
      mapping: {},
      mode: 'append',
      limit: 10,
      source: 'tracehub',
    });
    expect(collector.offer(trace('t1', '{"position": "B", "company": "A"}'))).toBe('duplicate');
    expect(collector.offer(trace('t2', '{"company": "C", "position": "D"}'))).toBe('added');
    expect(collector.offer(trace('t3', { company: 'C', position: 'D' }))).toBe('duplicate');
    expect(collector.offer(trace('t4', ''))).toBe('no_input');
    const { cases, expected } = collector.files();
    expect(cases.map((c) => c.id)).toEqual(['case_001', 'trace_t2']);
    expect(cases[1]).toMatchObject({ inputs: { company: 'C', position: 'D' }, source_trace_id: 't2' });
    expect(expected).toEqual({ case_001: { keywords: ['x'], forbidden: [], reference: {} }, trace_t2: { keywords: [], forbidden: [], reference: {} } });
  });

  it('skips and groups traces whose keys do not fit; the mapping fixes them', () => {
    const options = { existing: [], expected: {}, placeholders: ['company', 'position'], mode: 'append' as const, limit: 5, source: 'langfuse' };
    const skipped = new CaseCollector({ ...options, mapping: {} });
    expect(skipped.offer(trace('a', { company: 'A', role: 'R' }))).toBe('mismatch');
    expect(skipped.offer(trace('b', { company: 'B', role: 'S' }))).toBe('mismatch');
    expect(skipped.mismatches).toEqual([{ missing: ['position'], unused: ['role'], traceIds: ['a', 'b'] }]);
    const mapped = new CaseCollector({ ...options, mapping: { role: 'position' } });
    expect(mapped.offer(trace('a', { company: 'A', role: 'R' }))).toBe('added');
    expect(mapped.added[0]).toMatchObject({ inputs: { company: 'A', position: 'R' }, langfuse_trace_id: 'a' });
  });

  it('stops at the limit and in overwrite mode replaces the cases but keeps no stale expectations', () => {
    const collector = new CaseCollector({
      existing: [{ id: 'old', inputs: { q: 'x' } }],
      expected: { old: { keywords: ['k'] } },
      placeholders: ['q'],
      mapping: {},
      mode: 'overwrite',
      limit: 1,
      source: 'tracehub',
    });
    expect(collector.offer(trace('n1', 'x'))).toBe('added');
    expect(collector.done).toBe(true);
    expect(collector.files()).toEqual({
      cases: [expect.objectContaining({ id: 'trace_n1', inputs: { q: 'x' } })],
      expected: { trace_n1: { keywords: [], forbidden: [], reference: {} } },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { CaseCollector, caseIdOf } from './case-collector.js';

const trace = (id: string, input: unknown, experiment = false) => ({ id, name: 'prep', timestamp: '2026-01-26T00:00:00Z', sessionId: null, input, experiment });

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
      recollected: [],
      removed: [{ id: 'old', inputs: { q: 'x' } }],
    });
  });

  it('derives case ids from the whole trace id; overwrite gives a trace collected again its id and expectations back', () => {
    const otel = '4bf92f3577b34da6a3ce929d0e0e4736';
    expect(caseIdOf(otel)).toBe(`trace_${otel}`);
    // Ids differing only after the 24th character, or only in unsafe characters, stay apart.
    expect(caseIdOf(`${'a'.repeat(24)}1`)).not.toBe(caseIdOf(`${'a'.repeat(24)}2`));
    expect(caseIdOf('run/1:a')).not.toBe(caseIdOf('run1a'));
    expect(caseIdOf('run/1:a')).toMatch(/^trace_run1a_[0-9a-f]{16}$/);
    expect(caseIdOf('run/1:a')).toBe(caseIdOf('run/1:a'));
    const collector = new CaseCollector({
      existing: [{ id: `trace_${otel}`, inputs: { q: 'x' } }, { id: 'case_001', inputs: { q: 'y' } }],
      expected: { [`trace_${otel}`]: { keywords: ['hand-written'] }, case_001: { keywords: ['k'] } },
      placeholders: ['q'],
      mapping: {},
      mode: 'overwrite',
      limit: 5,
      source: 'tracehub',
    });
    expect(collector.offer(trace(otel, 'x'))).toBe('added');
    expect(collector.offer(trace('new-1', 'z'))).toBe('added');
    expect(collector.offer(trace('exp-1', 'w', true))).toBe('experiment');
    expect(collector.experiments).toBe(1);
    const files = collector.files();
    expect(files.cases.map((c) => c.id)).toEqual([`trace_${otel}`, 'trace_new-1']);
    expect(files.expected).toEqual({ [`trace_${otel}`]: { keywords: ['hand-written'] }, 'trace_new-1': { keywords: [], forbidden: [], reference: {} } });
    expect(files.recollected.map((c) => c.id)).toEqual([`trace_${otel}`]);
    expect(files.removed.map((c) => c.id)).toEqual(['case_001']);
  });
});

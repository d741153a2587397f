/** Alert figures and comparisons without a server: the A/B hook's "not available" state and the comparators. */
import { describe, expect, it } from 'vitest';
import { readFigure, type FigureSources } from './alert-figures.js';
import { compare } from './alert-service.js';

const sources = (abTests?: FigureSources['abTests']): FigureSources => ({
  stats: {} as FigureSources['stats'],
  cases: { list: async () => ({ items: [], page: 1, page_size: 1, total: 4 }) },
  disk: async () => ({ usedPercent: 81.5, databaseBytes: 4096 }),
  abTests,
});
const query = { project_id: 'p1', window_minutes: 5, environment: null, trace_name: null, ab_test_id: 'exp-1' };

describe('alert figures', () => {
  it('leave ab_srm "unavailable" without an A/B test service, and read its p-value with one', async () => {
    expect(await readFigure(sources(), { ...query, kind: 'ab_srm' })).toEqual({ value: null, state: 'unavailable', reason: 'A/B tests are not available on this server' });
    expect(await readFigure(sources({ sampleRatioPValue: async () => 0.0004 }), { ...query, kind: 'ab_srm' })).toEqual({ value: 0.0004 });
    expect(await readFigure(sources({ sampleRatioPValue: async () => null }), { ...query, kind: 'ab_srm' })).toMatchObject({ value: null, state: 'no_data' });
  });

  it('read open cases and disk use (with the database size as detail)', async () => {
    expect(await readFigure(sources(), { ...query, kind: 'open_cases' })).toEqual({ value: 4 });
    expect(await readFigure(sources(), { ...query, kind: 'disk_used_percent' })).toEqual({ value: 81.5, detail: { database_bytes: 4096 } });
  });

  it('compare with every comparator', () => {
    expect([compare(0.81, '>', 0.8), compare(0.8, '>', 0.8), compare(0.8, '>=', 0.8), compare(1, '<', 2), compare(2, '<=', 2)]).toEqual([true, false, true, true, true]);
    expect([compare(0, '==', 0), compare(1, '==', 0), compare(1, '!=', 0), compare(0, '!=', 0)]).toEqual([true, false, true, false]);
  });
});

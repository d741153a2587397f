import { describe, expect, it } from 'vitest';
import { dashboardSearch, rangeReaching, readDashboardParams } from './dashboard-params';

describe('dashboard URL state', () => {
  it('reads range, filters and the experiments switch, and writes them back without defaults', () => {
    const state = readDashboardParams(new URLSearchParams('hours=168&environment=prod&name=chat&experiments=include'));
    expect(state).toEqual({ hours: 168, environment: 'prod', name: 'chat', includeExperiments: true });
    expect(dashboardSearch(state)).toEqual({ hours: '168', environment: 'prod', name: 'chat', experiments: 'include' });
    expect(readDashboardParams(new URLSearchParams('hours=5&experiments=yes'))).toEqual({ hours: 24, environment: undefined, name: undefined, includeExperiments: false });
    expect(dashboardSearch({ hours: 24, includeExperiments: false })).toEqual({});
  });

  it('finds the shortest range that reaches back to a time, or none', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    expect(rangeReaching('2026-12-07T11:30:00Z', now)).toBe(1);
    expect(rangeReaching('2026-12-05T12:00:00Z', now)).toBe(72);
    expect(rangeReaching('2026-02-07T10:00:00Z', now)).toBe(8760);
    expect(rangeReaching('2025-02-07T10:00:00Z', now)).toBeNull();
  });
});

/** The dashboard's state in the URL: `?hours=24&environment=prod&name=chat&experiments=include`. */
import { RANGES } from './components/RangePicker';

/** What the URL asks the dashboard for. */
export interface DashboardParams {
  hours: number;
  environment?: string;
  name?: string;
  includeExperiments: boolean;
}

/** Reads the dashboard state (unknown ranges fall back to 24 hours). */
export function readDashboardParams(params: URLSearchParams): DashboardParams {
  const requested = Number(params.get('hours'));
  return {
    hours: (RANGES as readonly number[]).includes(requested) ? requested : 24,
    environment: params.get('environment') || undefined,
    name: params.get('name') || undefined,
    includeExperiments: params.get('experiments') === 'include',
  };
}

/** URL params for a dashboard state (defaults left out). */
export function dashboardSearch(p: DashboardParams): Record<string, string> {
  return {
    ...(p.hours !== 24 && { hours: String(p.hours) }),
    ...(p.environment && { environment: p.environment }),
    ...(p.name && { name: p.name }),
    ...(p.includeExperiments && { experiments: 'include' }),
  };
}

/** The shortest offered range that reaches back to `iso` from `now` (ms), or null when none does. */
export function rangeReaching(iso: string, now: number): number | null {
  const hoursBack = (now - Date.parse(iso)) / 3_600_000;
  return RANGES.find((h) => h >= hoursBack) ?? null;
}

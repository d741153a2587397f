/** The application metric and dashboard tables (migration 0019) as Kysely table types; sql/database.ts adds them to `Database`. */
import type { AppMetricPointRow, DashboardRow } from '../app-metric-store.js';

/** Every table of migration 0019, by name. */
export interface AppMetricTables {
  app_metric_points: AppMetricPointRow;
  dashboards: DashboardRow;
}

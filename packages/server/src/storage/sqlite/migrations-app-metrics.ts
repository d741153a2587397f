/** SQLite: application metric points and custom dashboards (app-metric-store.ts). */
export const SQLITE_APP_METRIC_MIGRATIONS: Record<string, string[]> = {
  '0019_app_metrics': [
    `CREATE TABLE app_metric_points (project_id TEXT NOT NULL, name TEXT NOT NULL, labels TEXT NOT NULL, time INTEGER NOT NULL,
      value REAL NOT NULL, kind TEXT NOT NULL, unit TEXT, hist_count REAL, hist_sum REAL, PRIMARY KEY (project_id, name, labels, time))`,
    `CREATE INDEX app_metric_points_time ON app_metric_points (project_id, name, time)`,
    `CREATE TABLE dashboards (project_id TEXT NOT NULL, dashboard_id TEXT NOT NULL, name TEXT NOT NULL, description TEXT,
      widgets TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (project_id, dashboard_id))`,
  ],
};

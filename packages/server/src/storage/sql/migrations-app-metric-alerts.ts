/**
 * Both SQL backends, 0028: alert rules over application metrics (kind `app_metric`: the metric, the
 * labels its points must carry as JSON text, the aggregate), and an index on the points' time for
 * the retention trim (app-metrics/metric-retention.ts), which deletes the oldest points in small batches.
 */
export const APP_METRIC_ALERT_MIGRATIONS: Record<string, string[]> = {
  '0028_app_metric_alerts_retention': [
    'ALTER TABLE alert_rules ADD COLUMN metric_name TEXT',
    'ALTER TABLE alert_rules ADD COLUMN metric_labels TEXT',
    'ALTER TABLE alert_rules ADD COLUMN metric_agg TEXT',
    'CREATE INDEX app_metric_points_age ON app_metric_points (time)',
  ],
};

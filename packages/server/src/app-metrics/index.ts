// Application metrics: points from OTLP metrics and the JSON endpoint, series, and the window aggregate alert rules call.
export { createAppMetricService, defaultStep, parseStep, type AppMetricService, type MetricWindowQuery, type SeriesRequest, type SeriesResult } from './app-metric-service.js';
export { decodeOtlpMetricsRequest, encodeExportMetricsResponse } from './otlp-metrics.js';
export { DEFAULT_METRIC_RETENTION, startMetricRetention, trimMetricPoints, type MetricRetention, type MetricRetentionSettings } from './metric-retention.js';

/** Alert rules (`/api/v1/alerts/rules`) and alerts (`/api/v1/alerts`): request schemas and views. */
import { z } from 'zod';
import { METRIC_AGGS, metricLabelsSchema, metricNameSchema } from './app-metrics.js';

/** The figures a rule can watch (docs/alerts.md). */
export const ALERT_KINDS = [
  'error_rate',
  'latency_p95_ms',
  'cost',
  'open_cases',
  'eval_pass_rate',
  'block_rate',
  'ingestion_stopped',
  'disk_used_percent',
  'ab_srm',
  'app_metric',
  'judge_agreement',
  'backup_stale',
] as const;
export const alertKindSchema = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof alertKindSchema>;

export const ALERT_COMPARATORS = ['>', '>=', '<', '<=', '==', '!='] as const;
export const alertComparatorSchema = z.enum(ALERT_COMPARATORS);
export type AlertComparator = z.infer<typeof alertComparatorSchema>;

/** What a rule's last evaluation found: `unavailable` when its figure cannot be read here (e.g. no A/B service). */
export const ALERT_RULE_STATES = ['ok', 'pending', 'firing', 'no_data', 'unavailable'] as const;
export type AlertRuleState = (typeof ALERT_RULE_STATES)[number];
export const ALERT_STATUSES = ['firing', 'resolved'] as const;
export const alertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

const text = (max: number) => z.string().trim().min(1).max(max).refine((v) => !v.includes('\u0000'), 'must not contain NUL characters');

const ruleFields = {
  name: text(200),
  kind: alertKindSchema,
  comparator: alertComparatorSchema,
  threshold: z.number().finite(),
  /** Window the figure is read over, in minutes (1 minute to 30 days). */
  window_minutes: z.number().int().min(1).max(43_200).default(5),
  /** How long the condition must hold before the alert fires (0 = at the first evaluation that sees it). */
  for_seconds: z.number().int().min(0).max(86_400).default(0),
  /** Least time between two firing notifications of the rule. */
  cooldown_seconds: z.number().int().min(0).max(7 * 86_400).default(3600),
  environment: text(512).nullable().default(null),
  trace_name: text(512).nullable().default(null),
  /** A/B test id (kind `ab_srm`). */
  ab_test_id: text(128).nullable().default(null),
  /** Kind `app_metric`: the application metric, the labels its points must carry, and the aggregate over the window (default avg). */
  metric_name: metricNameSchema.nullable().default(null),
  metric_labels: metricLabelsSchema.default({}),
  metric_agg: z.enum(METRIC_AGGS).nullable().default(null),
  /** Kind `judge_agreement`: the evaluator (evaluation name) whose judge scores are compared with people's. */
  evaluator: text(256).nullable().default(null),
  /** Webhook destinations (names or ids) notified; TRACEHUB_WEBHOOK_URLS are notified too. */
  destinations: z.array(text(200)).max(20).default([]),
  enabled: z.boolean().default(true),
};

/** Body of `POST /alerts/rules`. */
export const alertRuleBodySchema = z.strictObject(ruleFields).superRefine((v, ctx) => {
  if (v.kind === 'ab_srm' && !v.ab_test_id) ctx.addIssue({ code: 'custom', path: ['ab_test_id'], message: 'is required for kind ab_srm' });
  if (v.kind === 'app_metric' && !v.metric_name) ctx.addIssue({ code: 'custom', path: ['metric_name'], message: 'is required for kind app_metric' });
  if (v.kind === 'judge_agreement' && !v.evaluator) ctx.addIssue({ code: 'custom', path: ['evaluator'], message: 'is required for kind judge_agreement' });
});
export type AlertRuleBody = z.output<typeof alertRuleBodySchema>;

/** Body of `PATCH /alerts/rules/{id}`: any of the fields, without defaults. */
export const alertRulePatchSchema = z
  .strictObject({
    name: ruleFields.name, kind: ruleFields.kind, comparator: ruleFields.comparator, threshold: ruleFields.threshold,
    window_minutes: z.number().int().min(1).max(43_200), for_seconds: z.number().int().min(0).max(86_400),
    cooldown_seconds: z.number().int().min(0).max(7 * 86_400), environment: text(512).nullable(), trace_name: text(512).nullable(),
    ab_test_id: text(128).nullable(), destinations: z.array(text(200)).max(20), enabled: z.boolean(),
    metric_name: metricNameSchema.nullable(), metric_labels: metricLabelsSchema, metric_agg: z.enum(METRIC_AGGS).nullable(),
    evaluator: text(256).nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');
export type AlertRulePatch = z.output<typeof alertRulePatchSchema>;

/** Query of `GET /alerts`. */
export const alertListQuerySchema = z.object({
  status: alertStatusSchema.optional(),
  rule_id: z.string().min(1).max(128).optional(),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  page_size: z.coerce.number().int().min(1).max(200).default(50),
});
export type AlertListQuery = z.output<typeof alertListQuerySchema>;

/** A rule as the API answers it. */
export interface AlertRuleView extends AlertRuleBody {
  rule_id: string;
  state: AlertRuleState;
  /** Why the state is `unavailable` or `no_data`. */
  state_reason: string | null;
  last_value: number | null;
  last_evaluated_at: string | null;
  created_at: string;
  updated_at: string;
}

/** An alert (one firing episode of a rule) as the API answers it. */
export interface AlertView {
  alert_id: string;
  rule_id: string;
  rule_name: string;
  kind: AlertKind;
  status: AlertStatus;
  comparator: AlertComparator;
  threshold: number;
  /** The figure when the alert fired, and the latest seen while it fired. */
  value: number;
  last_value: number;
  started_at: string;
  resolved_at: string | null;
  /** When the firing notification was queued; null when the cool-down held it back. */
  notified_at: string | null;
}

/** A/B tests (`/api/v1/ab-tests`, docs/ab-tests.md): the definition a client creates and fetches, and the results view. */
import { z } from 'zod';
import { idSchema } from './common.js';

const text = (max: number) => z.string().trim().min(1).max(max).refine((v) => !v.includes('\u0000'), 'must not contain NUL characters');

/** The unit a test assigns: every trace of one session (or one user) sees the same variant. */
export const AB_UNITS = ['session_id', 'user_id'] as const;
export const abUnitSchema = z.enum(AB_UNITS);
export type AbUnit = z.infer<typeof abUnitSchema>;

/**
 * The figures a test can be decided on (docs/ab-tests.md#metrics). `eval:<name>` is the mean score
 * of the evaluation of that name; the rates are shares of traces; latency, tokens and cost are means
 * per trace (latency also shows p50 and p95).
 */
export const AB_FIXED_METRICS = ['review_pass_rate', 'error_rate', 'latency_ms', 'total_tokens', 'cost', 'block_rate', 'escalate_rate'] as const;
export type AbFixedMetric = (typeof AB_FIXED_METRICS)[number];
/** Metrics where a lower value is better (all others, eval scores included: higher is better). */
export const AB_LOWER_IS_BETTER: readonly string[] = ['error_rate', 'latency_ms', 'total_tokens', 'cost', 'block_rate', 'escalate_rate'];
export const abMetricSchema = z
  .string()
  .trim()
  .max(140)
  .refine((v) => (AB_FIXED_METRICS as readonly string[]).includes(v) || /^eval:[^\u0000]{1,128}$/.test(v), {
    message: `must be one of ${AB_FIXED_METRICS.join(', ')} or eval:<evaluation name>`,
  });

/** One arm: what differs (model, prompt label or version, endpoint, free parameters) and its weight. */
export const abVariantSchema = z
  .object({
    key: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "." or "-"'),
    /** A whole number; shares are weight / sum of weights (exact integer arithmetic in every SDK). */
    weight: z.number().int().min(1).max(10_000),
    description: text(500).optional(),
    model: text(256).optional(),
    prompt_label: text(128).optional(),
    prompt_version: text(64).optional(),
    endpoint: text(2048).optional(),
    params: z.record(z.string().max(128), z.union([z.string().max(2048), z.number(), z.boolean()])).optional(),
  })
  .strict();
export type AbVariant = z.infer<typeof abVariantSchema>;

/** `POST /ab-tests` body. The first variant is the control, the others are treatments. */
export const abTestCreateSchema = z
  .object({
    name: text(128),
    description: text(2000).optional(),
    unit: abUnitSchema.default('session_id'),
    variants: z.array(abVariantSchema).min(2).max(10),
    primary_metric: abMetricSchema.default('review_pass_rate'),
    guardrail_metrics: z.array(abMetricSchema).max(10).default([]),
    /** Relative lift the test should be able to see (0.05 = 5 %), for the "sessions needed" estimate. */
    minimum_lift: z.number().gt(0).max(10).default(0.05),
    start_at: z.string().datetime({ offset: true }).optional(),
    stop_at: z.string().datetime({ offset: true }).optional(),
    /** Hash salt; a random one when absent. Changing it reshuffles every unit. */
    salt: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits, "_", ".", ":" or "-"').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const keys = new Set<string>();
    v.variants.forEach((variant, i) => {
      if (keys.has(variant.key)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'key'], message: `duplicate variant key "${variant.key}"` });
      keys.add(variant.key);
    });
    if (v.start_at && v.stop_at && Date.parse(v.stop_at) <= Date.parse(v.start_at)) {
      ctx.addIssue({ code: 'custom', path: ['stop_at'], message: 'must be after start_at' });
    }
  });
export type AbTestCreate = z.output<typeof abTestCreateSchema>;

/** `POST /ab-tests/{id}/assign` body. */
export const abAssignSchema = z.object({ unit_id: text(256) }).strict();

/** The `{id}` of `/ab-tests/{id}…`: a test id or name. */
export const abTestIdSchema = idSchema;

/** `GET /ab-tests/{id}/results` query. */
export const abResultsQuerySchema = z.object({
  /** Significance level of every interval (0.05 = 95 % intervals). */
  alpha: z.coerce.number().gt(0).max(0.2).default(0.05),
});

/** A test as the API shows it: its definition, with `control` the first variant's key. */
export interface AbTestView {
  test_id: string;
  name: string;
  description: string | null;
  unit: AbUnit;
  salt: string;
  variants: AbVariant[];
  control: string;
  primary_metric: string;
  guardrail_metrics: string[];
  minimum_lift: number;
  start_at: string | null;
  stop_at: string | null;
  status: 'scheduled' | 'running' | 'stopped';
  created_at: string;
}

/** One interval: estimate with a lower and upper bound (null when there is too little data). */
export interface AbInterval {
  estimate: number | null;
  low: number | null;
  high: number | null;
}

/** One metric of one variant; `difference` (treatment − control) is absent on the control. */
export interface AbMetricResult {
  metric: string;
  /** Units with a value for this metric. */
  n: number;
  value: AbInterval;
  difference?: AbInterval & {
    p_value: number | null;
    /** Always-valid interval and p-value (mixture SPRT): safe to read at every look. */
    sequential: AbInterval & { p_value: number | null };
    relative_lift: number | null;
  };
}

/** One variant's figures. */
export interface AbVariantResult {
  key: string;
  weight: number;
  units: number;
  traces: number;
  expected_share: number;
  observed_share: number;
  metrics: AbMetricResult[];
  latency_p50_ms: AbInterval;
  latency_p95_ms: AbInterval;
}

/** `GET /ab-tests/{id}/results`. */
export interface AbResultsView {
  test: AbTestView;
  alpha: number;
  /** True when more traces matched than are read (the newest are read). */
  truncated: boolean;
  traces_read: number;
  srm: { chi_square: number; p_value: number | null; mismatch: boolean; threshold: number };
  variants: AbVariantResult[];
  verdict: string;
  /** Total units (all variants) still needed to see `minimum_lift` on the primary metric; null when not estimable. */
  units_needed: number | null;
}

/**
 * `POST /feedback` body: an end user's verdict on one answer (trace), from a browser with a
 * `feedback` key. `rating` up/down, or `score` in [0, 1] (passed when ≥ 0.5); stored as an
 * evaluation with source `user` that also sets the trace's `user_review_passed`.
 */
export const feedbackBodySchema = z
  .object({
    trace_id: idSchema,
    rating: z.enum(['up', 'down']).optional(),
    score: z.number().min(0).max(1).optional(),
    comment: z.string().max(2000).optional(),
    name: z.string().trim().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits, "_", ".", ":" or "-"').default('user_feedback'),
    idempotency_key: z.string().min(1).max(128).optional(),
  })
  .strict()
  .refine((v) => (v.rating === undefined) !== (v.score === undefined), { message: 'send exactly one of rating (up or down) or score (0 to 1)', path: ['rating'] });
export type FeedbackBody = z.output<typeof feedbackBodySchema>;

/**
 * Wire shapes of `/api/v1/evaluation-rules` (a rule's body, its patch, a backfill request, the views
 * the server answers) and of `GET /api/v1/evaluators/{name}/agreement` (judge calibration).
 */
import { z } from 'zod';
import { CONNECTION_NAME_PATTERN } from '../policy/policy-definition.js';
import { wireTime } from '../time.js';

const text = (max: number) => z.string().min(1).max(max);

/** What a rule picks; every field given must hold (metadata: each key equals its value). */
export const ruleFilterSchema = z.strictObject({
  trace_name: text(512).optional(),
  span_name: text(512).optional(),
  environment: text(128).optional(),
  tags: z.array(text(128)).max(20).optional(),
  metadata: z.record(z.string().min(1).max(256), z.string().max(1024)).refine((m) => Object.keys(m).length <= 20, 'at most 20 keys').optional(),
  span_type: text(64).optional(),
  model: text(256).optional(),
});
export type RuleFilter = z.output<typeof ruleFilterSchema>;

/** One evaluator exactly as in experiments (`type`, optional `name`, `weight`, `threshold` and type options). */
const evaluatorSpecSchema = z.looseObject({
  type: text(64),
  name: text(128).optional(),
  weight: z.number().min(0).optional(),
  threshold: z.number().min(0).max(1).optional(),
});

const ruleFields = {
  name: text(128),
  filter: ruleFilterSchema.default({}),
  sampling_rate: z.number().min(0).max(1).default(1),
  evaluators: z.array(evaluatorSpecSchema).min(1).max(20),
  connection: z.string().regex(CONNECTION_NAME_PATTERN, 'lower-case letters, digits, - and _ (at most 64)').default('offline'),
  /** The judge model (default: the connection's model). */
  model: text(256).nullable().optional(),
  /** Judge spend per UTC day (the model price table's dollars); null: no cap. */
  daily_cost_cap: z.number().min(0).nullable().optional(),
  enabled: z.boolean().default(true),
};

/** `POST /evaluation-rules`. */
export const evaluationRuleBodySchema = z.strictObject(ruleFields);
export type EvaluationRuleBody = z.output<typeof evaluationRuleBodySchema>;

/** `PATCH /evaluation-rules/{id}`: any field. */
export const evaluationRulePatchSchema = z.strictObject({
  name: ruleFields.name.optional(),
  filter: ruleFilterSchema.optional(),
  sampling_rate: z.number().min(0).max(1).optional(),
  evaluators: ruleFields.evaluators.optional(),
  connection: z.string().regex(CONNECTION_NAME_PATTERN).optional(),
  model: ruleFields.model,
  daily_cost_cap: ruleFields.daily_cost_cap,
  enabled: z.boolean().optional(),
}).refine((p) => Object.keys(p).length > 0, 'give at least one field to change');
export type EvaluationRulePatch = z.output<typeof evaluationRulePatchSchema>;

/** `POST /evaluation-rules/{id}/backfill`: a past range of trace start times; `dry_run` (default true) answers the estimate only. */
export const backfillBodySchema = z.strictObject({
  from: wireTime,
  to: wireTime,
  dry_run: z.boolean().default(true),
}).refine((b) => b.from < b.to, { message: 'from must be before to', path: ['to'] });
export type BackfillBody = z.output<typeof backfillBodySchema>;

/** One evaluator spec as a rule (or an experiment) holds it. */
export type EvaluatorSpecView = z.output<typeof evaluatorSpecSchema>;

/** A rule as `GET /evaluation-rules` answers it (`items`: its work items by status, on the detail only). */
export interface EvaluationRuleView {
  id: string;
  name: string;
  filter: RuleFilter;
  sampling_rate: number;
  evaluators: EvaluatorSpecView[];
  connection: string;
  model: string | null;
  daily_cost_cap: number | null;
  enabled: boolean;
  version: number;
  created_at: string;
  updated_at: string;
  items?: Record<string, number>;
}

/** A configured model connection (never its key). */
export interface ModelConnectionView {
  name: string;
  base_url: string | null;
  /** The default model, and every model offered. */
  model: string | null;
  models: string[];
  kind: 'openai-compatible' | 'offline';
}

/** What `POST /evaluation-rules/{id}/backfill` answers: the estimate, and `queued` when it ran. */
export interface BackfillEstimateView {
  dry_run: boolean;
  traces_in_range: number;
  truncated: boolean;
  traces_selected: number;
  judge_calls: number;
  judge_model: string;
  assumed_tokens_per_call: { input_tokens: number; output_tokens: number };
  estimated_cost: number | null;
  daily_cost_cap: number | null;
  queued?: number;
}

/** Where judge scores come from: experiment runs, online evaluation rules, other judges (decision engine, Langfuse). */
export const JUDGE_SOURCES = ['experiment', 'online', 'judge'] as const;
export type JudgeSource = (typeof JUDGE_SOURCES)[number];
/** How a judge's and a person's values are compared. */
export const AGREEMENT_KINDS = ['boolean', 'categorical', 'numeric'] as const;
export type AgreementKind = (typeof AGREEMENT_KINDS)[number];

/** Query of `GET /evaluators/{name}/agreement`: the judge scores' time window and sources, and how to compare. */
export const agreementQuerySchema = z.strictObject({
  from: wireTime.optional(),
  to: wireTime.optional(),
  /** Comma-separated judge sources (default all of JUDGE_SOURCES). */
  source: z.string().max(64).optional().transform((v, ctx) => {
    if (v === undefined || v === '') return [...JUDGE_SOURCES];
    const list = v.split(',').map((s) => s.trim());
    const bad = list.find((s) => !(JUDGE_SOURCES as readonly string[]).includes(s));
    if (bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: `unknown source "${bad}" (use ${JUDGE_SOURCES.join(', ')})` });
      return z.NEVER;
    }
    return [...new Set(list)] as JudgeSource[];
  }),
  /** Default: boolean when every human score has `passed`, categorical when every one has a label, else numeric. */
  kind: z.enum(AGREEMENT_KINDS).optional(),
  /** Disagreements listed (at most). */
  limit: z.coerce.number().int().min(0).max(1_000).default(100),
}).refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, { message: 'from must be before to', path: ['to'] });
export type AgreementQuery = z.output<typeof agreementQuerySchema>;

/** One item where the judge and the person differ. */
export interface AgreementDisagreement {
  trace_id: string;
  judge: boolean | string | number;
  human: boolean | string | number;
  judge_source: string;
  judge_reasoning: string | null;
  human_comment: string | null;
  judge_time: string;
  human_time: string;
}

/** What `GET /evaluators/{name}/agreement` answers. */
export interface AgreementView {
  evaluator: string;
  kind: AgreementKind;
  sources: JudgeSource[];
  /** Items (traces) with both a judge score and a human score of this name, compared by `kind`. */
  pairs: number;
  /** Judge-scored items without a human score, and pairs without a value of `kind` on one side. */
  judge_only: number;
  skipped: number;
  /** Share of pairs with equal values (boolean/categorical). */
  observed_agreement: number | null;
  /** Cohen's kappa (boolean/categorical); null without pairs or when chance agreement is 1. */
  kappa: number | null;
  /** Pearson correlation and mean absolute error (numeric). */
  pearson: number | null;
  mae: number | null;
  /** Rows: the judge's value; columns: the person's (boolean/categorical). */
  confusion: { labels: string[]; matrix: number[][] } | null;
  disagreements: AgreementDisagreement[];
  disagreements_total: number;
}

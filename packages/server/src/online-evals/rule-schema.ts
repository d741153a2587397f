/** Wire shapes of `/api/v1/evaluation-rules`: a rule's body, its patch and a backfill request. */
import { z } from 'zod';
import { CONNECTION_NAME_PATTERN, wireTime } from '@tracehub/core';

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

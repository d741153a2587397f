import { z } from 'zod';

/** A client-supplied identifier (trace, span, node): kept exactly as given. */
export const idSchema = z.string().min(1, 'must not be empty').max(128, 'must be at most 128 characters');

/** Free-form JSON object carried as attributes or metadata. */
export const attributesSchema = z.record(z.string(), z.unknown());

/** A non-negative whole token count. */
export const tokenCountSchema = z.number().int().nonnegative().nullable();

/** An idempotency key: a write carrying it is applied at most once per project. */
export const idempotencyKeySchema = z.string().min(1).max(256);

const lowercase = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : value);

/** Status of a trace or span. `ok` and `completed` are read as `success`, `failed` as `error`. */
export const statusSchema = z.preprocess((value) => {
  const v = lowercase(value);
  if (v === 'ok' || v === 'completed' || v === 'succeeded') return 'success';
  if (v === 'failed' || v === 'failure') return 'error';
  return v;
}, z.enum(['running', 'success', 'error']));
export type Status = z.infer<typeof statusSchema>;

/** The five decision actions of the decision engine. */
export const decisionActionSchema = z.enum([
  'ALLOW_ANSWER',
  'BLOCK',
  'ESCALATE',
  'ALLOW_WITH_WARNING',
  'NEED_CLARIFICATION',
]);
export type DecisionAction = z.infer<typeof decisionActionSchema>;

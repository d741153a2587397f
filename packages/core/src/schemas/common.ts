import { z } from 'zod';

// NUL or a lone surrogate (with the u flag a well-formed pair is one code point, not Cs).
const UNSTORABLE_ID_CHARACTER = /[\u0000\p{Cs}]/u;

/**
 * A client-supplied identifier (trace, span, node): kept exactly as given. NUL characters and lone
 * UTF-16 surrogates are refused: no database can store them so that the id reads back the same.
 */
export const idSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .refine((v) => !UNSTORABLE_ID_CHARACTER.test(v), 'must not contain NUL characters or unpaired UTF-16 surrogates')
  .refine((v) => v !== '.' && v !== '..', 'must not be "." or "..": no URL can address it');

/**
 * An optional identifier that is looked up by value or in a URL (session and user ids): at most
 * `max` characters, the same characters refused as in ids, and never "." or "..".
 */
export const lookupIdSchema = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !UNSTORABLE_ID_CHARACTER.test(v), 'must not contain NUL characters or unpaired UTF-16 surrogates')
    .refine((v) => v !== '.' && v !== '..', 'must not be "." or "..": no URL can address it')
    .nullable()
    .optional();

/** Free-form JSON object carried as attributes or metadata. */
export const attributesSchema = z.record(z.string(), z.unknown());

/** Largest token count accepted for one span, node or item (sums over a trace stay exact). */
export const MAX_TOKEN_COUNT = 1_000_000_000;
/** Largest cost in USD accepted for one span, node or item (sums can never overflow). */
export const MAX_COST_USD = 1_000_000;

/** A non-negative whole token count of at most MAX_TOKEN_COUNT. */
export const tokenCountSchema = z.number().int().nonnegative().max(MAX_TOKEN_COUNT, `must be at most ${MAX_TOKEN_COUNT.toLocaleString('en-US')} tokens`).nullable();

/** A cost in USD: finite, non-negative, at most MAX_COST_USD. */
export const costSchema = z.number().finite().nonnegative().max(MAX_COST_USD, `must be at most ${MAX_COST_USD.toLocaleString('en-US')} USD`);

/** A score: a finite number of magnitude at most 1e12. */
export const scoreSchema = z.number().finite().min(-1e12, 'must be at least -1e12').max(1e12, 'must be at most 1e12');

/** An idempotency key: a write carrying it is applied at most once per project. */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(256)
  .refine((v) => !UNSTORABLE_ID_CHARACTER.test(v), 'must not contain NUL characters or unpaired UTF-16 surrogates');

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

import { z } from 'zod';
import { wireTime } from '../time.js';
import {
  attributesSchema,
  costSchema,
  idSchema,
  idempotencyKeySchema,
  lookupIdSchema,
  scoreSchema,
  statusSchema,
  tokenCountSchema,
} from './common.js';

const optionalText = (max: number) => z.string().max(max).nullable().optional();

/** Usage, cost and outcome fields shared by whole spans and by START/END event payloads. */
const usageFields = {
  input_tokens: tokenCountSchema.optional(),
  output_tokens: tokenCountSchema.optional(),
  total_tokens: tokenCountSchema.optional(),
  cached_input_tokens: tokenCountSchema.optional(),
  cost: costSchema.nullable().optional(),
  level: z.string().max(32).optional(),
  status_message: z.string().max(10_000).nullable().optional(),
};

/** The fields a trace and a LangGraph run (which becomes a trace) share. */
const traceRunFields = {
  status: statusSchema.optional(),
  start_time: wireTime.optional(),
  end_time: wireTime.nullable().optional(),
  model: optionalText(256),
  environment: optionalText(128),
  user_id: lookupIdSchema(256),
  session_id: lookupIdSchema(256),
  input_text: z.string().nullable().optional(),
  output_text: z.string().nullable().optional(),
};

/** A trace as sent to `POST /ingest/traces`; fields left out keep their stored value. */
export const traceInputSchema = z.object({
  trace_id: idSchema,
  name: optionalText(512),
  ...traceRunFields,
  attributes: attributesSchema.optional(),
  tags: z.array(z.string().min(1).max(128)).max(100).optional(),
  release: optionalText(128),
  version: optionalText(128),
  user_review_passed: z.boolean().nullable().optional(),
});
export type TraceInput = z.output<typeof traceInputSchema>;

/** A whole span, as sent inside `POST /ingest/traces`. */
export const spanInputSchema = z.object({
  span_id: idSchema,
  trace_id: idSchema.optional(),
  parent_span_id: idSchema.nullable().optional(),
  name: z.string().min(1).max(512),
  span_type: z.string().min(1).max(64).optional(),
  status: statusSchema.optional(),
  start_time: wireTime.optional(),
  end_time: wireTime.nullable().optional(),
  model: optionalText(256),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  attributes: attributesSchema.optional(),
  ...usageFields,
  idempotency_key: idempotencyKeySchema.optional(),
});
export type SpanInput = z.output<typeof spanInputSchema>;

/** Body of `POST /ingest/traces`: upsert one trace and add its spans. */
export const ingestTracesBodySchema = z.object({
  trace: traceInputSchema,
  spans: z.array(spanInputSchema).max(10_000).default([]),
  allow_missing_parent: z.boolean().default(false),
  idempotency_key: idempotencyKeySchema.optional(),
});
export type IngestTracesBody = z.output<typeof ingestTracesBodySchema>;

/** Span fields an AMENDMENT may patch (deep-merged with JSON Merge Patch semantics). */
export const PATCHABLE_SPAN_FIELDS = [
  'name',
  'span_type',
  'status',
  'model',
  'input',
  'output',
  'attributes',
  'input_tokens',
  'output_tokens',
  'total_tokens',
  'cost',
  'level',
  'status_message',
] as const;

/** Types of the patchable text, status and attribute fields (a patch of `{"attributes": 5}` or `1e999` is a 400). */
const PATCH_VALUE_SCHEMAS = new Map<string, z.ZodType>([
  ['name', z.string().min(1).max(512).nullable()],
  ['span_type', z.string().min(1).max(64).nullable()],
  ['status', statusSchema.nullable()],
  ['model', z.string().max(256).nullable()],
  ['attributes', attributesSchema.nullable()],
  ['level', z.string().max(32).nullable()],
  ['status_message', z.string().max(10_000).nullable()],
]);

const usageSchema = z.looseObject({
  input_tokens: tokenCountSchema.optional(),
  output_tokens: tokenCountSchema.optional(),
  total_tokens: tokenCountSchema.optional(),
  cached_input_tokens: tokenCountSchema.optional(),
  prompt_tokens: tokenCountSchema.optional(),
  completion_tokens: tokenCountSchema.optional(),
});

/** Span fields a START, END or ERROR event may carry in its payload. Other payload keys are kept. */
export const spanEventFieldsSchema = z.looseObject({
  name: z.string().min(1).max(512).optional(),
  span_type: z.string().min(1).max(64).optional(),
  parent_span_id: idSchema.nullable().optional(),
  status: statusSchema.optional(),
  start_time: wireTime.optional(),
  end_time: wireTime.optional(),
  model: optionalText(256),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  attributes: attributesSchema.optional(),
  ...usageFields,
  usage: usageSchema.optional(),
  message: z.string().max(100_000).optional(),
});
export type SpanEventFields = z.output<typeof spanEventFieldsSchema>;

/** One append-only span event of `POST /ingest/spans`; `fields` is the checked payload. */
export const spanEventInputSchema = z
  .object({
    trace_id: idSchema,
    span_id: idSchema.nullable().optional(),
    parent_span_id: idSchema.nullable().optional(),
    name: z.string().min(1).max(512).optional(),
    span_type: z.string().min(1).max(64).optional(),
    event_type: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must be a word such as START, END, LOG, ERROR or AMENDMENT')
      .transform((v) => v.toUpperCase()),
    event_time: wireTime.optional(),
    payload: attributesSchema.default({}),
    idempotency_key: idempotencyKeySchema.optional(),
  })
  .superRefine((event, ctx) => {
    if (event.event_type !== 'LOG' && !event.span_id) {
      ctx.addIssue({ code: 'custom', path: ['span_id'], message: `is required for ${event.event_type} events` });
    }
    if (event.event_type === 'AMENDMENT') {
      const patch = event.payload.patch;
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
        ctx.addIssue({ code: 'custom', path: ['payload', 'patch'], message: 'an AMENDMENT needs an object payload.patch' });
        return;
      }
      for (const [key, value] of Object.entries(patch)) {
        if (!(PATCHABLE_SPAN_FIELDS as readonly string[]).includes(key)) {
          ctx.addIssue({
            code: 'custom',
            path: ['payload', 'patch', key],
            message: `is not a patchable span field (one of ${PATCHABLE_SPAN_FIELDS.join(', ')})`,
          });
        }
        // Patched values obey the same types and bounds as sent ones (null deletes); input and output are free.
        const bound = key === 'cost' ? costSchema.nullable() : key.endsWith('_tokens') ? tokenCountSchema : (PATCH_VALUE_SCHEMAS.get(key) ?? null);
        const checked = bound?.safeParse(value);
        if (checked && !checked.success) {
          ctx.addIssue({ code: 'custom', path: ['payload', 'patch', key], message: checked.error.issues[0]?.message ?? 'is out of range' });
        }
      }
    }
  })
  .transform((event, ctx) => {
    const parsed = spanEventFieldsSchema.safeParse(event.payload);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['payload', ...issue.path.map(String)], message: issue.message });
      }
      return z.NEVER;
    }
    return { ...event, fields: parsed.data };
  });
export type SpanEventInput = z.output<typeof spanEventInputSchema>;

/** Body of `POST /ingest/spans`. */
export const ingestSpansBodySchema = z.object({
  events: z.array(spanEventInputSchema).min(1, 'must hold at least one event').max(10_000),
  allow_missing_parent: z.boolean().default(true),
});
export type IngestSpansBody = z.output<typeof ingestSpansBodySchema>;

/** One LangGraph node of `POST /ingest/langgraph-runs`. */
export const langgraphNodeInputSchema = z.object({
  node_id: idSchema,
  node_name: z.string().min(1).max(512).optional(),
  node_type: z.string().min(1).max(64).optional(),
  parent_node_id: idSchema.nullable().optional(),
  status: statusSchema.optional(),
  start_time: wireTime.optional(),
  end_time: wireTime.nullable().optional(),
  input_state: z.unknown().optional(),
  output_state: z.unknown().optional(),
  model: optionalText(256),
  input_tokens: tokenCountSchema.optional(),
  output_tokens: tokenCountSchema.optional(),
  total_tokens: tokenCountSchema.optional(),
  cost: costSchema.nullable().optional(),
  attributes: attributesSchema.optional(),
  metadata: attributesSchema.optional(),
  status_message: z.string().max(10_000).nullable().optional(),
  idempotency_key: idempotencyKeySchema.optional(),
});
export type LanggraphNodeInput = z.output<typeof langgraphNodeInputSchema>;

/** Body of `POST /ingest/langgraph-runs`: one graph run as a trace with a root span and node spans. */
export const langgraphRunBodySchema = z.object({
  trace_id: idSchema,
  run_id: idSchema.optional(),
  graph_name: z.string().min(1).max(512),
  ...traceRunFields,
  input_state: z.unknown().optional(),
  output_state: z.unknown().optional(),
  attributes: attributesSchema.optional(),
  tags: z.array(z.string().min(1).max(128)).max(100).optional(),
  nodes: z.array(langgraphNodeInputSchema).max(10_000).default([]),
  idempotency_key: idempotencyKeySchema.optional(),
});
export type LanggraphRunBody = z.output<typeof langgraphRunBodySchema>;

/** Where an evaluation result came from. */
export const evalSourceSchema = z.enum(['api', 'sdk', 'judge', 'human', 'experiment', 'user']);

/** One evaluation result (score) attached to a trace and optionally a span. */
export const evalInputSchema = z
  .object({
    trace_id: idSchema,
    span_id: idSchema.nullable().optional(),
    eval_name: z.string().min(1).max(256),
    eval_model: optionalText(256),
    score: scoreSchema.nullable().optional(),
    passed: z.boolean().nullable().optional(),
    label: optionalText(256),
    comment: z.unknown().optional(),
    metadata: attributesSchema.optional(),
    source: evalSourceSchema.default('api'),
    user_review_passed: z.boolean().nullable().optional(),
    eval_time: wireTime.optional(),
    idempotency_key: idempotencyKeySchema.optional(),
  })
  .refine((e) => e.score != null || e.passed != null || e.label != null, {
    message: 'an evaluation needs at least one of score, passed or label',
    path: ['score'],
  });
export type EvalInput = z.output<typeof evalInputSchema>;

/** A batch of evaluations: `{evals: [...]}`. */
export const evalsBatchBodySchema = z.object({ evals: z.array(evalInputSchema).min(1).max(10_000) });

/**
 * Body of `POST /evals`: one evaluation, or `{evals: [...]}` for a batch. The route parses with
 * the matching member so a 400 names the field (a union can only say "invalid input").
 */
export const evalsBodySchema = z.union([evalsBatchBodySchema, evalInputSchema]);

/** Outcome of one item of an ingest batch. */
export const itemResultSchema = z.object({
  index: z.number().int(),
  kind: z.enum(['trace', 'span', 'event', 'eval']),
  id: z.string(),
  status: z.enum(['accepted', 'duplicate', 'rejected']),
  reason: z.string().optional(),
});
export type ItemResult = z.infer<typeof itemResultSchema>;

/** Answer of every ingest endpoint: counts plus one result per item. */
export const ingestResultSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  items: z.array(itemResultSchema),
  trace_id: z.string().optional(),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;

/** Request bodies of the annotation queue routes (docs/annotation-queues.md). */
import { z } from 'zod';
import { idSchema, resourceNameSchema, traceListQuerySchema } from '@tracehub/core';

const noNul = (v: string) => !v.includes('\u0000');
const text = (max: number) => z.string().trim().min(1).max(max).refine(noNul, 'must not contain NUL characters');
const description = text(2000).optional();

/** One score a reviewer gives: numeric in a range, one of up to nine labels, pass/fail, or free text. */
export const scoreDefinitionSchema = z.discriminatedUnion('type', [
  z.strictObject({ name: text(128), type: z.literal('numeric'), min: z.number().finite(), max: z.number().finite(), description })
    .refine((d) => d.min < d.max, { message: 'min must be less than max', path: ['min'] }),
  z.strictObject({ name: text(128), type: z.literal('categorical'), labels: z.array(text(256)).min(2).max(9), description })
    .refine((d) => new Set(d.labels).size === d.labels.length, { message: 'labels must be unique', path: ['labels'] }),
  z.strictObject({ name: text(128), type: z.literal('boolean'), description }),
  z.strictObject({ name: text(128), type: z.literal('text'), description }),
]);
export type ScoreDefinition = z.output<typeof scoreDefinitionSchema>;

/** Body of `POST /annotation-queues`. */
export const annotationQueueBodySchema = z.strictObject({
  name: text(128),
  description,
  score_definitions: z.array(scoreDefinitionSchema).min(1).max(20)
    .refine((defs) => new Set(defs.map((d) => d.name)).size === defs.length, 'score definition names must be unique'),
  reviews_per_item: z.number().int().min(1).max(10).default(1),
});
export type AnnotationQueueBody = z.output<typeof annotationQueueBodySchema>;

const itemSource = z.enum(['manual', 'filter', 'miss-query', 'failed-eval', 'experiment-item']);
const traceId = idSchema.refine(noNul, 'must not contain NUL characters');

/**
 * Body of `POST /annotation-queues/{id}/items`: `trace_ids`, `items` (traces or spans), or
 * `filter` (the trace list's query parameters, as `GET /traces` takes them) with a `limit`.
 */
export const addItemsBodySchema = z.strictObject({
  trace_ids: z.array(traceId).min(1).max(1000).optional(),
  items: z.array(z.strictObject({ trace_id: traceId, span_id: traceId.optional(), source_ref: text(256).optional() })).min(1).max(1000).optional(),
  filter: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  limit: z.number().int().min(1).max(1000).default(200),
  source: itemSource.optional(),
  source_ref: text(256).optional(),
}).refine((b) => [b.trace_ids, b.items, b.filter].filter((v) => v !== undefined).length === 1, {
  message: 'send exactly one of trace_ids, items or filter', path: ['trace_ids'],
});
export type AddItemsBody = z.output<typeof addItemsBodySchema>;

/** The trace list filter of an add-items body, parsed like `GET /traces` parses its query (without paging). */
export const itemFilterSchema = traceListQuerySchema;

/** Body of `POST /annotation-queues/{id}/items/{item_id}/scores`: values by score definition name. */
export const itemScoresBodySchema = z.strictObject({
  scores: z.record(text(128), z.union([z.number().finite(), z.boolean(), z.string().max(10_000)]))
    .refine((s) => Object.keys(s).length > 0, 'give at least one score'),
  comment: z.string().max(10_000).refine(noNul, 'must not contain NUL characters').optional(),
  user_review_passed: z.boolean().optional(),
});
export type ItemScoresBody = z.output<typeof itemScoresBodySchema>;

/** Body of `POST /annotation-queues/{id}/items/{item_id}/dataset-item`. */
export const itemToDatasetBodySchema = z.strictObject({
  dataset: resourceNameSchema,
  expected_output: z.unknown(),
  id: text(256).optional(),
});
export type ItemToDatasetBody = z.output<typeof itemToDatasetBodySchema>;

/** Wire format of datasets (`/api/v1/datasets`). */
import { z } from 'zod';
import { idSchema } from './common.js';
import { resourceNameSchema } from './prompt.js';

const noNul = (value: string) => !value.includes('\u0000');
const text = (max: number) => z.string().max(max).refine(noNul, 'must not contain NUL characters');
const jsonValue = z.unknown().refine((v) => v !== undefined, 'is required');
/** A trace or span id as stored on an item (no NUL: PostgreSQL text cannot hold it). */
const sourceIdSchema = idSchema.refine(noNul, 'must not contain NUL characters');

/** An item id: 1–256 characters, no NUL. Left out, the server derives one from the input. */
export const datasetItemIdSchema = z.string().min(1, 'must not be empty').max(256).refine(noNul, 'must not contain NUL characters');

/** `active` items are used by experiments; `archived` ones are kept but skipped. */
export const datasetItemStatusSchema = z.enum(['active', 'archived']);

/** One item as sent to `POST /datasets/{name}/items`. */
export const datasetItemInputSchema = z.object({
  id: datasetItemIdSchema.optional(),
  input: jsonValue,
  expected_output: z.unknown().optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
  source_trace_id: sourceIdSchema.nullable().optional(),
  source_span_id: sourceIdSchema.nullable().optional(),
  status: datasetItemStatusSchema.default('active'),
});
export type DatasetItemInput = z.output<typeof datasetItemInputSchema>;

/** Body of `POST /datasets`: create a dataset (or update its description and metadata). */
export const createDatasetBodySchema = z.object({
  name: resourceNameSchema,
  description: text(10_000).nullable().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type CreateDatasetBody = z.output<typeof createDatasetBodySchema>;

/**
 * Body of `POST /datasets/{name}/items`. `merge` (default) adds and updates the given items;
 * `replace` makes the given items the whole dataset. A change makes one new version.
 */
export const uploadItemsBodySchema = z.object({
  items: z.array(datasetItemInputSchema).max(50_000),
  mode: z.enum(['merge', 'replace']).default('merge'),
  message: text(2000).nullable().optional(),
  description: text(10_000).nullable().optional(),
});
export type UploadItemsBody = z.output<typeof uploadItemsBodySchema>;

/** Body of `POST /datasets/{name}/items/from-trace`: one item from a trace's (or span's) input and output. */
export const itemFromTraceBodySchema = z.object({
  trace_id: sourceIdSchema,
  span_id: sourceIdSchema.optional(),
  id: datasetItemIdSchema.optional(),
  expected_output: z.unknown().optional(),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type ItemFromTraceBody = z.output<typeof itemFromTraceBodySchema>;

/** Query of `GET /datasets/{name}`: a version (default the latest). */
export const datasetVersionQuerySchema = z.object({
  version: z.coerce.number().int().min(0).max(2_147_483_647).optional(),
});

/** A dataset item as the API shows it. */
export const datasetItemViewSchema = z.object({
  id: z.string(),
  input: z.unknown(),
  expected_output: z.unknown(),
  metadata: z.record(z.string(), z.unknown()),
  source_trace_id: z.string().nullable(),
  source_span_id: z.string().nullable(),
  status: datasetItemStatusSchema,
  /** The version in which the item got this content. */
  version: z.number(),
});
export type DatasetItemView = z.infer<typeof datasetItemViewSchema>;

/** One immutable dataset version. */
export const datasetVersionViewSchema = z.object({
  version: z.number(),
  sha256: z.string(),
  item_count: z.number(),
  added: z.number(),
  updated: z.number(),
  removed: z.number(),
  message: z.string().nullable(),
  created_at: z.string(),
});
export type DatasetVersionView = z.infer<typeof datasetVersionViewSchema>;

/** A dataset as the API shows it. */
export const datasetViewSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  latest_version: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type DatasetView = z.infer<typeof datasetViewSchema>;

/** One row of `GET /datasets`: the dataset with its latest version's item count and sha256. */
export const datasetSummarySchema = datasetViewSchema.extend({
  item_count: z.number(),
  sha256: z.string().nullable(),
});
export type DatasetSummary = z.infer<typeof datasetSummarySchema>;

/** Answer of `GET /datasets`. */
export const datasetListResponseSchema = z.object({ items: z.array(datasetSummarySchema) });
export type DatasetListResponse = z.infer<typeof datasetListResponseSchema>;

/** Answer of `GET /datasets/{name}/versions`. */
export const datasetVersionListSchema = z.object({
  name: z.string(),
  items: z.array(datasetVersionViewSchema),
});
export type DatasetVersionList = z.infer<typeof datasetVersionListSchema>;

/** Answer of `GET /datasets/{name}`: the dataset, the version asked for, and its items. */
export const datasetDetailSchema = z.object({
  dataset: datasetViewSchema,
  version: datasetVersionViewSchema.nullable(),
  items: z.array(datasetItemViewSchema),
});
export type DatasetDetail = z.infer<typeof datasetDetailSchema>;

/** Answer of an upload: whether a version was made, and what changed. */
export const uploadResultSchema = z.object({
  created: z.boolean(),
  message: z.string(),
  dataset: datasetViewSchema,
  version: datasetVersionViewSchema.nullable(),
  added: z.number(),
  updated: z.number(),
  removed: z.number(),
  unchanged: z.number(),
});
export type UploadResult = z.infer<typeof uploadResultSchema>;

/** Answer of `POST /datasets/{name}/items/from-trace`: the upload's answer and the new item's id. */
export const itemFromTraceResultSchema = uploadResultSchema.extend({ item_id: z.string() });
export type ItemFromTraceResult = z.infer<typeof itemFromTraceResultSchema>;

/**
 * Langfuse datasets and dataset items ↔ Trace Hub datasets (docs/langfuse-compatibility.md).
 *
 * A Langfuse dataset is the Trace Hub dataset of the same name, and its Langfuse `id` is that name.
 * A Langfuse name that is not a Trace Hub name (spaces, `/` folders, over 128 characters) maps to
 * one ({@link traceHubDatasetName}), and the dataset keeps the Langfuse name in its metadata under
 * `langfuse.name`, which the Langfuse API answers as its `name`. A dataset item keeps its id; ACTIVE/ARCHIVED is the item's `active`/`archived` status, and the
 * Langfuse API, like Langfuse, lists only ACTIVE items. Metadata that is not a JSON object is kept
 * under one `langfuse.metadata` key and read back from there.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { resourceNameSchema, type DatasetItemInput, type DatasetView } from '@tracehub/core';
import type { CurrentItem } from '../datasets/dataset-service.js';

/** The key that holds metadata which is not a JSON object. */
const WRAPPED_METADATA = 'langfuse.metadata';
/** The dataset metadata key that holds a Langfuse name that is not a Trace Hub name. */
export const LANGFUSE_DATASET_NAME = 'langfuse.name';

/**
 * The Trace Hub dataset name of a Langfuse dataset name: the name itself when Trace Hub allows it,
 * else its letters (any script), digits, `_`, `-`, `.` (others as `-`, at most 100) and a hash of the whole name.
 */
export function traceHubDatasetName(name: string): string {
  if (resourceNameSchema.safeParse(name).success) return name;
  const base = name.replace(/[^\p{L}\p{M}\p{N}_.-]+/gu, '-').replace(/^[^\p{L}\p{N}_]+/u, '').slice(0, 100);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return base ? `${base}-${hash}` : `dataset-${hash}`;
}

/** A dataset's Langfuse name and id (its Trace Hub name). */
export interface DatasetRef {
  id: string;
  name: string;
}

/** The Langfuse name and id of a Trace Hub dataset. */
export function datasetRef(view: Pick<DatasetView, 'name' | 'metadata'>): DatasetRef {
  const kept = view.metadata[LANGFUSE_DATASET_NAME];
  return { id: view.name, name: typeof kept === 'string' ? kept : view.name };
}

/** `page` (from 1) and `limit` of a Langfuse list query; `maxLimit` bounds `limit`. */
export function pageQuerySchema(maxLimit: number) {
  return z.object({
    page: z.coerce.number().int().min(1).max(1_000_000).default(1),
    limit: z.coerce.number().int().min(1).max(maxLimit).default(50),
  });
}

/** A Langfuse page: `data` and `meta`. */
export function langfusePage<T>(data: T[], page: number, limit: number, totalItems: number) {
  return { data, meta: { page, limit, totalItems, totalPages: Math.ceil(totalItems / limit) } };
}

/** The slice of `all` that is page `page` of `limit`, as a Langfuse page. */
export function pageOf<T>(all: T[], page: number, limit: number) {
  return langfusePage(all.slice((page - 1) * limit, page * limit), page, limit, all.length);
}

const optionalText = z.string().max(10_000).nullable().optional();

/** Body of `POST /api/public/v2/datasets` and `/api/public/datasets` (Fern `CreateDatasetRequest`). */
export const createDatasetRequestSchema = z.object({
  name: z.string().min(1, 'must not be empty'),
  description: optionalText,
  metadata: z.unknown().optional(),
  inputSchema: z.unknown().optional(),
  expectedOutputSchema: z.unknown().optional(),
});
export type CreateDatasetRequest = z.output<typeof createDatasetRequestSchema>;

/** Body of `POST /api/public/dataset-items` (Fern `CreateDatasetItemRequest`). */
export const createDatasetItemRequestSchema = z.object({
  datasetName: z.string().min(1, 'must not be empty'),
  id: z.string().min(1).max(255).nullable().optional(),
  input: z.unknown().optional(),
  expectedOutput: z.unknown().optional(),
  metadata: z.unknown().optional(),
  sourceTraceId: z.string().min(1).nullable().optional(),
  sourceObservationId: z.string().min(1).nullable().optional(),
  status: z.enum(['ACTIVE', 'ARCHIVED']).nullable().optional(),
});
export type CreateDatasetItemRequest = z.output<typeof createDatasetItemRequestSchema>;

/** Query of `GET /api/public/dataset-items`. */
export const listDatasetItemsQuerySchema = pageQuerySchema(1000).extend({
  datasetName: z.string().min(1).optional(),
  sourceTraceId: z.string().min(1).optional(),
  sourceObservationId: z.string().min(1).optional(),
  version: z.string().optional(),
});

/** Trace Hub metadata (a JSON object) of Langfuse metadata (any JSON). */
export function toTraceHubMetadata(metadata: unknown): Record<string, unknown> {
  if (metadata === undefined || metadata === null) return {};
  if (typeof metadata === 'object' && !Array.isArray(metadata)) return metadata as Record<string, unknown>;
  return { [WRAPPED_METADATA]: metadata };
}

/** Langfuse metadata of Trace Hub metadata. */
export function fromTraceHubMetadata(metadata: Record<string, unknown>): unknown {
  const keys = Object.keys(metadata);
  return keys.length === 1 && keys[0] === WRAPPED_METADATA ? metadata[WRAPPED_METADATA] : metadata;
}

/** Trace Hub metadata of a dataset: the Langfuse metadata, with the Langfuse name when it is not the Trace Hub name. */
export function datasetMetadata(langfuseName: string, metadata: Record<string, unknown>): Record<string, unknown> {
  const { [LANGFUSE_DATASET_NAME]: _kept, ...rest } = metadata;
  return traceHubDatasetName(langfuseName) === langfuseName ? rest : { ...rest, [LANGFUSE_DATASET_NAME]: langfuseName };
}

/** A Trace Hub dataset as a Langfuse `Dataset`. */
export function langfuseDataset(view: DatasetView, projectId: string) {
  const { [LANGFUSE_DATASET_NAME]: _name, ...metadata } = view.metadata;
  return {
    ...datasetRef(view),
    description: view.description,
    metadata: fromTraceHubMetadata(metadata),
    inputSchema: null,
    expectedOutputSchema: null,
    projectId,
    createdAt: view.created_at,
    updatedAt: view.updated_at,
  };
}

/** A Trace Hub dataset item as a Langfuse `DatasetItem`. */
export function langfuseDatasetItem(item: CurrentItem, dataset: DatasetRef) {
  return {
    id: item.id,
    status: item.status === 'archived' ? 'ARCHIVED' : 'ACTIVE',
    input: item.input,
    expectedOutput: item.expected_output,
    metadata: fromTraceHubMetadata(item.metadata),
    sourceTraceId: item.source_trace_id,
    sourceObservationId: item.source_span_id,
    datasetId: dataset.id,
    datasetName: dataset.name,
    createdAt: item.updated_at,
    updatedAt: item.updated_at,
    mediaReferences: [],
  };
}

/**
 * The Trace Hub item a Langfuse item write makes: Langfuse upserts by id, so fields left out (or
 * `null`, which the Python SDKs send for every argument not given) keep the existing item's
 * values; a new item without an id gets `newId`.
 */
export function datasetItemInput(body: CreateDatasetItemRequest, existing: CurrentItem | null, newId: string): DatasetItemInput & { id: string } {
  const status = body.status ? (body.status === 'ARCHIVED' ? 'archived' : 'active') : (existing?.status ?? 'active');
  return {
    id: body.id ?? newId,
    input: body.input ?? existing?.input ?? null,
    expected_output: body.expectedOutput ?? existing?.expected_output ?? null,
    metadata: body.metadata != null ? toTraceHubMetadata(body.metadata) : (existing?.metadata ?? {}),
    source_trace_id: body.sourceTraceId ?? existing?.source_trace_id ?? null,
    source_span_id: body.sourceObservationId ?? existing?.source_span_id ?? null,
    status,
  };
}

/** Whether a Langfuse item list query matches an item (ACTIVE items only, as in Langfuse). */
export function matchesItemQuery(item: CurrentItem, query: { sourceTraceId?: string; sourceObservationId?: string }): boolean {
  if (item.status !== 'active') return false;
  if (query.sourceTraceId && item.source_trace_id !== query.sourceTraceId) return false;
  if (query.sourceObservationId && item.source_span_id !== query.sourceObservationId) return false;
  return true;
}

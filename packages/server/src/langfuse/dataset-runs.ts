/**
 * Langfuse dataset runs ↔ Trace Hub experiment runs (docs/langfuse-compatibility.md).
 *
 * A dataset run is the experiment run with the id `lf.<run name as id characters>.<hash of dataset
 * and run name>` (its name is the run name); that id is the Langfuse `datasetRunId`. Reads by run
 * name also find Trace Hub's own runs of the dataset (read only; their items keep their own scores). A run item is the run's experiment item keyed by the dataset item id (linking the
 * same item again replaces it), with the item's input and expected output and the linked trace.
 * The run's config has `results_from_traces: true`, so Trace Hub reads each item's output and
 * scores from its trace (experiments/linked-traces.ts): the scores of a run are the evaluations of
 * its linked traces, whenever they arrive. The run description and metadata are kept in the config.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { createExperimentBodySchema, ExperimentItemView, ExperimentView } from '@tracehub/core';
import { RESULTS_FROM_TRACES } from '../experiments/linked-traces.js';
import type { CurrentItem } from '../datasets/dataset-service.js';
import { pageQuerySchema } from './datasets.js';

/** Body of `POST /api/public/dataset-run-items` (Fern `CreateDatasetRunItemRequest`). */
export const createDatasetRunItemRequestSchema = z.object({
  runName: z.string().min(1, 'must not be empty').max(256),
  runDescription: z.string().max(10_000).nullable().optional(),
  metadata: z.unknown().optional(),
  datasetItemId: z.string().min(1, 'must not be empty'),
  traceId: z.string().min(1).max(128).nullable().optional(),
  observationId: z.string().min(1).max(128).nullable().optional(),
  datasetVersion: z.string().nullable().optional(),
  createdAt: z.string().nullable().optional(),
});
export type CreateDatasetRunItemRequest = z.output<typeof createDatasetRunItemRequestSchema>;

/** Query of `GET /api/public/dataset-run-items`. */
export const listDatasetRunItemsQuerySchema = pageQuerySchema(1000).extend({
  datasetId: z.string().min(1, 'must not be empty'),
  runName: z.string().min(1, 'must not be empty'),
});

/** The Langfuse run settings kept in an experiment run's config. */
interface RunConfig {
  langfuse?: { description?: string | null; metadata?: unknown };
}

/** The experiment run id of a Langfuse dataset run: the same for the same dataset and run name. */
export function datasetRunId(datasetName: string, runName: string): string {
  const slug = runName.replace(/[^A-Za-z0-9_.:-]+/g, '-').slice(0, 80);
  const hash = createHash('sha256').update(`${datasetName}\n${runName}`).digest('hex').slice(0, 12);
  return `lf.${slug}.${hash}`;
}

/** The experiment body (before parsing) that links one dataset item to a trace in a run, creating or updating the run. */
export function runItemExperiment(options: {
  runId: string;
  datasetName: string;
  datasetVersion: number;
  item: CurrentItem;
  body: CreateDatasetRunItemRequest;
  traceId: string;
  existing: ExperimentView | null;
  at: string;
}): z.input<typeof createExperimentBodySchema> {
  const { body, existing, item } = options;
  const previous = ((existing?.config ?? {}) as RunConfig).langfuse ?? {};
  const langfuse = {
    description: body.runDescription ?? previous.description ?? null,
    metadata: body.metadata ?? previous.metadata ?? null,
  };
  return {
    run: {
      run_id: options.runId,
      name: body.runName,
      status: 'completed',
      dataset_name: options.datasetName,
      dataset_version: String(options.datasetVersion),
      model_name: existing?.model_name ?? 'unknown',
      started_at: existing?.started_at ?? options.at,
      // The summary is computed from the linked traces when the run is read; none is stored.
      summary: {},
      metrics: existing?.metrics ?? {},
      config: { ...(existing?.config ?? {}), [RESULTS_FROM_TRACES]: true, source: 'langfuse', langfuse },
    },
    items: [
      {
        key: item.id,
        item_id: item.id,
        repetition: 1,
        trace_id: options.traceId,
        status: 'ok',
        passed: false,
        score: null,
        scores: {},
        input: item.input,
        expected: item.expected_output,
        metadata: runItemMetadata(body, options.at),
      },
    ],
  };
}

/** The experiment item metadata of a run item: its observation and creation time. */
export function runItemMetadata(body: CreateDatasetRunItemRequest, at: string): Record<string, unknown> {
  return { langfuse: { observationId: body.observationId ?? null, createdAt: body.createdAt ?? at } };
}

/** An experiment run as a Langfuse `DatasetRun`; `datasetName` is the dataset's Langfuse name. */
export function langfuseDatasetRun(run: ExperimentView, datasetName: string = run.dataset_name) {
  const langfuse = (run.config as RunConfig).langfuse ?? {};
  return {
    id: run.run_id,
    name: run.name,
    description: langfuse.description ?? null,
    metadata: langfuse.metadata ?? run.config,
    datasetId: run.dataset_name,
    datasetName,
    createdAt: run.created_at,
    updatedAt: run.updated_at,
  };
}

/** An experiment item with a trace as a Langfuse `DatasetRunItem`. */
export function langfuseDatasetRunItem(run: ExperimentView, item: Pick<ExperimentItemView, 'key' | 'item_id' | 'metadata'> & { trace_id: string }) {
  const meta = (item.metadata.langfuse ?? {}) as { observationId?: string | null; createdAt?: string };
  return {
    id: `${run.run_id}/${item.key}`,
    datasetRunId: run.run_id,
    datasetRunName: run.name,
    datasetItemId: item.item_id,
    traceId: item.trace_id,
    observationId: meta.observationId ?? null,
    createdAt: meta.createdAt ?? run.created_at,
    updatedAt: run.updated_at,
  };
}

/** A Langfuse run item for each of the run's items that is linked to a trace. */
export function langfuseDatasetRunItems(run: ExperimentView, items: ExperimentItemView[]) {
  return items
    .filter((item): item is ExperimentItemView & { trace_id: string } => item.trace_id !== null)
    .map((item) => langfuseDatasetRunItem(run, item));
}

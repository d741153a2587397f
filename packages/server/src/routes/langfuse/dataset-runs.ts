/**
 * Langfuse API: dataset runs and run items over Trace Hub experiment runs (mapping in
 * langfuse/dataset-runs.ts). Reads need the `read` scope; writes need `ingest`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createExperimentBodySchema } from '@tracehub/core';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { InvalidError, NotFoundError } from '../../domain-errors.js';
import { parseWith } from '../../parse-input.js';
import { datasetRef, langfusePage, pageOf, pageQuerySchema, traceHubDatasetName } from '../../langfuse/datasets.js';
import { createDatasetLookup } from '../../langfuse/datasets-lookup.js';
import {
  createDatasetRunItemRequestSchema,
  datasetRunId,
  langfuseDatasetRun,
  langfuseDatasetRunItem,
  langfuseDatasetRunItems,
  listDatasetRunItemsQuerySchema,
  runItemExperiment,
  runItemMetadata,
} from '../../langfuse/dataset-runs.js';

const nameParams = z.object({ name: z.string().min(1) });
const runParams = z.object({ name: z.string().min(1), runName: z.string().min(1) });
const runsQuery = pageQuerySchema(200);

/** Langfuse dataset run routes (registered by the dataset routes). */
export function langfuseDatasetRunRoutes({ datasets, experiments }: Pick<AppServices, 'datasets' | 'experiments'>): FastifyPluginAsync {
  const { requireDataset, findRun, findExperiment } = createDatasetLookup({ datasets, experiments });

  return async (app) => {
    app.get('/api/public/datasets/:name/runs', async (request) => {
      const projectId = requireScope(request, 'read');
      const { page, limit } = parseWith(runsQuery, request.query, 'query');
      const dataset = await requireDataset(projectId, parseWith(nameParams, request.params, 'params').name);
      const runs = await experiments.list(projectId, { dataset_name: dataset.name, page, page_size: limit });
      return langfusePage(runs.items.map((run) => langfuseDatasetRun(run, datasetRef(dataset).name)), page, limit, runs.total);
    });
    app.get('/api/public/datasets/:name/runs/:runName', async (request) => {
      const projectId = requireScope(request, 'read');
      const { name, runName } = parseWith(runParams, request.params, 'params');
      const run = await findRun(projectId, traceHubDatasetName(name), runName);
      return { ...langfuseDatasetRun(run.experiment, name), datasetRunItems: langfuseDatasetRunItems(run.experiment, run.items) };
    });

    app.delete('/api/public/datasets/:name/runs/:runName', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { name, runName } = parseWith(runParams, request.params, 'params');
      const run = await findRun(projectId, traceHubDatasetName(name), runName);
      await experiments.remove(projectId, run.experiment.run_id);
      return { message: 'Dataset run successfully deleted' };
    });

    app.post('/api/public/dataset-run-items', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const body = parseWith(createDatasetRunItemRequestSchema, request.body);
      if (!body.traceId) {
        throw new InvalidError('traceId: a dataset run item needs the traceId it links (Trace Hub does not infer it from observationId)');
      }
      const found = await datasets.findItem(projectId, body.datasetItemId);
      if (!found || found.item.status !== 'active') {
        throw new NotFoundError(`Dataset item "${body.datasetItemId}" was not found in this project${found ? ' (it is archived)' : ''}.`);
      }
      const runId = datasetRunId(found.dataset, body.runName);
      const existing = await findExperiment(projectId, runId);
      const at = new Date().toISOString();
      const experiment = runItemExperiment({
        runId, datasetName: found.dataset, datasetVersion: found.version, item: found.item, body, traceId: body.traceId,
        existing: existing?.experiment ?? null, at,
      });
      const { experiment: run } = await experiments.upsert(projectId, parseWith(createExperimentBodySchema, experiment));
      const link = { key: found.item.id, item_id: found.item.id, trace_id: body.traceId, metadata: runItemMetadata(body, at) };
      return langfuseDatasetRunItem(run, link);
    });
    app.get('/api/public/dataset-run-items', async (request) => {
      const projectId = requireScope(request, 'read');
      const query = parseWith(listDatasetRunItemsQuerySchema, request.query, 'query');
      const run = await findRun(projectId, traceHubDatasetName(query.datasetId), query.runName);
      return pageOf(langfuseDatasetRunItems(run.experiment, run.items), query.page, query.limit);
    });
  };
}

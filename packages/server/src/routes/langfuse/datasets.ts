/**
 * Langfuse API: datasets, dataset items, dataset runs and run items over Trace Hub's datasets and
 * experiment runs (mapping in langfuse/datasets.ts and langfuse/dataset-runs.ts). Reads need the
 * `read` scope; writes need `ingest`. Each item write is a new version of the Trace Hub dataset.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createExperimentBodySchema, resourceNameSchema, uploadItemsBodySchema, type ExperimentDetail } from '@tracehub/core';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { ConflictError, InvalidError, NotFoundError, NotImplementedError } from '../../domain-errors.js';
import { parseWith } from '../../parse-input.js';
import type { CurrentItem } from '../../datasets/dataset-service.js';
import {
  createDatasetItemRequestSchema,
  createDatasetRequestSchema,
  datasetItemInput,
  langfuseDataset,
  langfuseDatasetItem,
  langfusePage,
  listDatasetItemsQuerySchema,
  matchesItemQuery,
  pageOf,
  pageQuerySchema,
  toTraceHubMetadata,
} from '../../langfuse/datasets.js';
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

const nameParams = z.object({ name: resourceNameSchema });
const runParams = z.object({ name: resourceNameSchema, runName: z.string().min(1) });
const itemParams = z.object({ id: z.string().min(1) });
const runsQuery = pageQuerySchema(200);

type Services = Pick<AppServices, 'datasets' | 'experiments'>;

/** Langfuse dataset routes. */
export function langfuseDatasetRoutes({ datasets, experiments }: Services): FastifyPluginAsync {
  /** The dataset's name from a Langfuse name (Trace Hub names are stricter than Langfuse's). */
  const datasetName = (name: string, field: string) => parseWith(z.object({ [field]: resourceNameSchema }), { [field]: name })[field] as string;

  async function createDataset(request: FastifyRequest) {
    const projectId = requireScope(request, 'ingest');
    const body = parseWith(createDatasetRequestSchema, request.body);
    if (body.inputSchema != null || body.expectedOutputSchema != null) {
      throw new NotImplementedError('Trace Hub does not validate dataset items against a JSON Schema; send the dataset without inputSchema and expectedOutputSchema.');
    }
    const name = datasetName(body.name, 'name');
    // `null` counts as not sent (the Python SDKs send every argument), as in Langfuse's upsert.
    const { dataset } = await datasets.upsert(projectId, {
      name,
      ...(body.description != null ? { description: body.description } : {}),
      ...(body.metadata != null ? { metadata: toTraceHubMetadata(body.metadata) } : {}),
    });
    return langfuseDataset(dataset, projectId);
  }

  async function getDataset(projectId: string, name: string) {
    const found = (await datasets.list(projectId)).items.find((d) => d.name === name);
    if (!found) throw new NotFoundError(`Dataset "${name}" was not found in this project.`);
    return langfuseDataset(found, projectId);
  }

  /** The run of a dataset by its Langfuse run name: the Langfuse run, else a Trace Hub run of that name. */
  async function findRun(projectId: string, dataset: string, runName: string): Promise<ExperimentDetail> {
    const own = await experiments.get(projectId, datasetRunId(dataset, runName)).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });
    if (own) return own;
    const [other] = (await experiments.list(projectId, { dataset_name: dataset, name: runName, page: 1, page_size: 1 })).items;
    if (!other) throw new NotFoundError(`Dataset "${dataset}" has no run named "${runName}".`);
    return experiments.get(projectId, other.run_id);
  }

  async function runNames(projectId: string, dataset: string): Promise<string[]> {
    return (await experiments.list(projectId, { dataset_name: dataset, page: 1, page_size: 200 })).items.map((r) => r.name);
  }

  /** Items of a dataset at an ISO time (Langfuse `version`): the Trace Hub version current then. */
  async function itemsAt(projectId: string, name: string, time: string): Promise<CurrentItem[]> {
    const at = Date.parse(time);
    if (Number.isNaN(at)) throw new InvalidError(`query.version: "${time}" is not an ISO 8601 time`);
    const versions = (await datasets.versions(projectId, name)).items.filter((v) => Date.parse(v.created_at) <= at);
    const version = versions.reduce((best, v) => (v.version > best ? v.version : best), 0);
    if (version === 0) return [];
    const detail = await datasets.get(projectId, name, version);
    const written = new Map(versions.map((v) => [v.version, v.created_at]));
    return detail.items.map((item) => ({ ...item, updated_at: written.get(item.version) ?? detail.version!.created_at }));
  }

  return async (app) => {
    app.post('/api/public/v2/datasets', createDataset);
    app.post('/api/public/datasets', createDataset);

    app.get('/api/public/v2/datasets', async (request) => {
      const projectId = requireScope(request, 'read');
      const { page, limit } = parseWith(pageQuerySchema(1000), request.query, 'query');
      const all = (await datasets.list(projectId)).items.map((d) => langfuseDataset(d, projectId));
      return pageOf(all, page, limit);
    });
    app.get('/api/public/datasets', async (request) => {
      const projectId = requireScope(request, 'read');
      const { page, limit } = parseWith(pageQuerySchema(1000), request.query, 'query');
      const all = (await datasets.list(projectId)).items;
      const slice = all.slice((page - 1) * limit, page * limit);
      const data = await Promise.all(
        slice.map(async (d) => ({
          ...langfuseDataset(d, projectId),
          items: (await datasets.currentItems(projectId, d.name)).filter((i) => i.status === 'active').map((i) => i.id),
          runs: await runNames(projectId, d.name),
        })),
      );
      return langfusePage(data, page, limit, all.length);
    });

    app.get('/api/public/v2/datasets/:name', async (request) => {
      const projectId = requireScope(request, 'read');
      return getDataset(projectId, parseWith(nameParams, request.params, 'params').name);
    });
    app.get('/api/public/datasets/:name', async (request) => {
      const projectId = requireScope(request, 'read');
      const { name } = parseWith(nameParams, request.params, 'params');
      const dataset = await getDataset(projectId, name);
      const items = (await datasets.currentItems(projectId, name)).filter((i) => i.status === 'active');
      return { ...dataset, items: items.map((i) => langfuseDatasetItem(i, name)), runs: await runNames(projectId, name) };
    });

    app.get('/api/public/datasets/:name/runs', async (request) => {
      const projectId = requireScope(request, 'read');
      const { name } = parseWith(nameParams, request.params, 'params');
      const { page, limit } = parseWith(runsQuery, request.query, 'query');
      await getDataset(projectId, name);
      const runs = await experiments.list(projectId, { dataset_name: name, page, page_size: limit });
      return langfusePage(runs.items.map(langfuseDatasetRun), page, limit, runs.total);
    });
    app.get('/api/public/datasets/:name/runs/:runName', async (request) => {
      const projectId = requireScope(request, 'read');
      const { name, runName } = parseWith(runParams, request.params, 'params');
      const run = await findRun(projectId, name, runName);
      return { ...langfuseDatasetRun(run.experiment), datasetRunItems: langfuseDatasetRunItems(run.experiment, run.items) };
    });

    app.delete('/api/public/datasets/:name/runs/:runName', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { name, runName } = parseWith(runParams, request.params, 'params');
      const run = await findRun(projectId, name, runName);
      await experiments.remove(projectId, run.experiment.run_id);
      return { message: 'Dataset run successfully deleted' };
    });

    app.post('/api/public/dataset-items', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const body = parseWith(createDatasetItemRequestSchema, request.body);
      const name = datasetName(body.datasetName, 'datasetName');
      const current = await datasets.currentItems(projectId, name);
      let existing: CurrentItem | null = null;
      if (body.id) {
        existing = current.find((i) => i.id === body.id) ?? null;
        const elsewhere = existing ? null : await datasets.findItem(projectId, body.id);
        if (elsewhere) {
          throw new ConflictError(`Dataset item "${body.id}" belongs to dataset "${elsewhere.dataset}"; an item id cannot be reused across datasets.`);
        }
      }
      const item = datasetItemInput(body, existing, randomUUID());
      const upload = parseWith(uploadItemsBodySchema, { items: [item], mode: 'merge', message: `Langfuse API: item ${item.id}` });
      await datasets.upload(projectId, name, upload);
      const stored = (await datasets.currentItems(projectId, name)).find((i) => i.id === item.id);
      return langfuseDatasetItem(stored!, name);
    });
    app.get('/api/public/dataset-items', async (request) => {
      const projectId = requireScope(request, 'read');
      const query = parseWith(listDatasetItemsQuerySchema, request.query, 'query');
      if (query.version && !query.datasetName) throw new InvalidError('query.version: a version needs a datasetName');
      const names = query.datasetName ? [datasetName(query.datasetName, 'datasetName')] : (await datasets.list(projectId)).items.map((d) => d.name);
      const all = [];
      for (const name of names) {
        const items = query.version ? await itemsAt(projectId, name, query.version) : await datasets.currentItems(projectId, name);
        all.push(...items.filter((i) => matchesItemQuery(i, query)).map((i) => langfuseDatasetItem(i, name)));
      }
      return pageOf(all, query.page, query.limit);
    });
    app.get('/api/public/dataset-items/:id', async (request) => {
      const projectId = requireScope(request, 'read');
      const { id } = parseWith(itemParams, request.params, 'params');
      const found = await datasets.findItem(projectId, id);
      if (!found) throw new NotFoundError(`Dataset item "${id}" was not found in this project.`);
      return langfuseDatasetItem(found.item, found.dataset);
    });
    app.delete('/api/public/dataset-items/:id', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { id } = parseWith(itemParams, request.params, 'params');
      const found = await datasets.findItem(projectId, id);
      if (!found) throw new NotFoundError(`Dataset item "${id}" was not found in this project.`);
      await datasets.removeItem(projectId, found.dataset, id);
      return { message: 'Dataset item successfully deleted' };
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
      const existing = await experiments.get(projectId, runId).catch((error: unknown) => {
        if (error instanceof NotFoundError) return null;
        throw error;
      });
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
      const run = await findRun(projectId, datasetName(query.datasetId, 'datasetId'), query.runName);
      return pageOf(langfuseDatasetRunItems(run.experiment, run.items), query.page, query.limit);
    });
  };
}

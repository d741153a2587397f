/**
 * Langfuse API: datasets and dataset items over Trace Hub's datasets (mapping in langfuse/datasets.ts),
 * and the dataset run routes (dataset-runs.ts). Reads need the `read` scope; writes need `ingest`.
 * Each item write is a new version of the Trace Hub dataset.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { uploadItemsBodySchema } from '@tracehub/core';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { ConflictError, InvalidError, NotFoundError, NotImplementedError } from '../../domain-errors.js';
import { parseWith } from '../../parse-input.js';
import type { CurrentItem } from '../../datasets/dataset-service.js';
import {
  createDatasetItemRequestSchema,
  createDatasetRequestSchema,
  datasetItemInput,
  datasetMetadata,
  datasetRef,
  langfuseDataset,
  langfuseDatasetItem,
  langfusePage,
  listDatasetItemsQuerySchema,
  matchesItemQuery,
  pageOf,
  pageQuerySchema,
  toTraceHubMetadata,
  traceHubDatasetName,
} from '../../langfuse/datasets.js';
import { createDatasetLookup } from '../../langfuse/datasets-lookup.js';
import { langfuseDatasetRunRoutes } from './dataset-runs.js';

const nameParams = z.object({ name: z.string().min(1) });
const itemParams = z.object({ id: z.string().min(1) });

type Services = Pick<AppServices, 'datasets' | 'experiments'>;

/** Langfuse dataset routes. */
export function langfuseDatasetRoutes({ datasets, experiments }: Services): FastifyPluginAsync {
  const { findDataset, requireDataset, datasetRefOf, runNames } = createDatasetLookup({ datasets, experiments });

  async function createDataset(request: FastifyRequest) {
    const projectId = requireScope(request, 'ingest');
    const body = parseWith(createDatasetRequestSchema, request.body);
    if (body.inputSchema != null || body.expectedOutputSchema != null) {
      throw new NotImplementedError('Trace Hub does not validate dataset items against a JSON Schema; send the dataset without inputSchema and expectedOutputSchema.');
    }
    const existing = await findDataset(projectId, body.name);
    // `null` counts as not sent (the Python SDKs send every argument), as in Langfuse's upsert.
    const metadata = body.metadata != null ? toTraceHubMetadata(body.metadata) : (existing?.metadata ?? {});
    const { dataset } = await datasets.upsert(projectId, {
      name: traceHubDatasetName(body.name),
      ...(body.description != null ? { description: body.description } : {}),
      metadata: datasetMetadata(body.name, metadata),
    });
    return langfuseDataset(dataset, projectId);
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
    await app.register(langfuseDatasetRunRoutes({ datasets, experiments }));
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
      return langfuseDataset(await requireDataset(projectId, parseWith(nameParams, request.params, 'params').name), projectId);
    });
    app.get('/api/public/datasets/:name', async (request) => {
      const projectId = requireScope(request, 'read');
      const dataset = await requireDataset(projectId, parseWith(nameParams, request.params, 'params').name);
      const items = (await datasets.currentItems(projectId, dataset.name)).filter((i) => i.status === 'active');
      const ref = datasetRef(dataset);
      return { ...langfuseDataset(dataset, projectId), items: items.map((i) => langfuseDatasetItem(i, ref)), runs: await runNames(projectId, dataset.name) };
    });

    app.post('/api/public/dataset-items', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const body = parseWith(createDatasetItemRequestSchema, request.body);
      const dataset = await requireDataset(projectId, body.datasetName);
      const name = dataset.name;
      const found = body.id ? await datasets.findItem(projectId, body.id) : null;
      if (found && found.dataset !== name) {
        throw new ConflictError(`Dataset item "${body.id}" belongs to dataset "${found.dataset}"; an item id cannot be reused across datasets.`);
      }
      const item = datasetItemInput(body, found?.item ?? null, randomUUID());
      const upload = parseWith(uploadItemsBodySchema, { items: [item], mode: 'merge', message: `Langfuse API: item ${item.id}` });
      await datasets.upload(projectId, name, upload);
      const stored = (await datasets.findItem(projectId, item.id))?.item;
      return langfuseDatasetItem(stored!, datasetRef(dataset));
    });
    app.get('/api/public/dataset-items', async (request) => {
      const projectId = requireScope(request, 'read');
      const query = parseWith(listDatasetItemsQuerySchema, request.query, 'query');
      if (query.version && !query.datasetName) throw new InvalidError('query.version: a version needs a datasetName');
      const chosen = query.datasetName ? [await requireDataset(projectId, query.datasetName)] : (await datasets.list(projectId)).items;
      const all = [];
      for (const dataset of chosen) {
        const name = dataset.name;
        const items = query.version ? await itemsAt(projectId, name, query.version) : await datasets.currentItems(projectId, name);
        all.push(...items.filter((i) => matchesItemQuery(i, query)).map((i) => langfuseDatasetItem(i, datasetRef(dataset))));
      }
      return pageOf(all, query.page, query.limit);
    });
    app.get('/api/public/dataset-items/:id', async (request) => {
      const projectId = requireScope(request, 'read');
      const { id } = parseWith(itemParams, request.params, 'params');
      const found = await datasets.findItem(projectId, id);
      if (!found) throw new NotFoundError(`Dataset item "${id}" was not found in this project.`);
      return langfuseDatasetItem(found.item, await datasetRefOf(projectId, found.dataset));
    });
    app.delete('/api/public/dataset-items/:id', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { id } = parseWith(itemParams, request.params, 'params');
      const found = await datasets.findItem(projectId, id);
      if (!found) throw new NotFoundError(`Dataset item "${id}" was not found in this project.`);
      await datasets.removeItem(projectId, found.dataset, id);
      return { message: 'Dataset item successfully deleted' };
    });
  };
}

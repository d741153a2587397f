/** Dataset routes. Reads need the `read` scope; writes need `ingest`. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import {
  createDatasetBodySchema,
  datasetItemIdSchema,
  datasetVersionQuerySchema,
  itemFromTraceBodySchema,
  resourceNameSchema,
  uploadItemsBodySchema,
} from '@tracehub/core';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

const nameParams = z.object({ name: resourceNameSchema });
const itemParams = z.object({ name: resourceNameSchema, item_id: datasetItemIdSchema });

/** Dataset routes. */
export function datasetRoutes({ datasets }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.post('/datasets', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      const result = await datasets.upsert(projectId, parseWith(createDatasetBodySchema, request.body));
      return reply.status(result.created ? 201 : 200).send(result);
    });
    app.get('/datasets', async (request) => datasets.list(requireScope(request, 'read')));
    app.get('/datasets/:name', async (request) => {
      const projectId = requireScope(request, 'read');
      const { name } = parseWith(nameParams, request.params, 'params');
      return datasets.get(projectId, name, parseWith(datasetVersionQuerySchema, request.query, 'query').version);
    });
    app.get('/datasets/:name/versions', async (request) => {
      const projectId = requireScope(request, 'read');
      return datasets.versions(projectId, parseWith(nameParams, request.params, 'params').name);
    });
    app.post('/datasets/:name/items', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      const { name } = parseWith(nameParams, request.params, 'params');
      const result = await datasets.upload(projectId, name, parseWith(uploadItemsBodySchema, request.body));
      return reply.status(result.created ? 201 : 200).send(result);
    });
    app.post('/datasets/:name/items/from-trace', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      const { name } = parseWith(nameParams, request.params, 'params');
      const result = await datasets.addFromTrace(projectId, name, parseWith(itemFromTraceBodySchema, request.body));
      return reply.status(result.created ? 201 : 200).send(result);
    });
    app.delete('/datasets/:name/items/:item_id', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { name, item_id } = parseWith(itemParams, request.params, 'params');
      return datasets.removeItem(projectId, name, item_id);
    });
  };
}

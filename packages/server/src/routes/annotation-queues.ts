/** Annotation queues: create, list, detail, queue items, the reviewer's next item, scores, skips and dataset items. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';
import { addItemsBodySchema, annotationQueueBodySchema, itemScoresBodySchema, itemToDatasetBodySchema } from '../annotation-queues/queue-schema.js';

const noNul = (v: string) => !v.includes('\u0000');
const queueParams = z.object({ id: z.string().min(1).max(128).refine(noNul, 'must not contain NUL characters') });
const itemParams = queueParams.extend({ item_id: z.string().min(1).max(128).refine(noNul, 'must not contain NUL characters') });

/** Who is reviewing: the signed-in user's name, or the API key's id for scripts. */
function reviewerOf(request: FastifyRequest): string {
  return request.session?.user.username ?? `key:${request.auth?.keyId ?? 'unknown'}`;
}

/** Viewers (`read`) can look; queueing, reviewing and scoring need `ingest` (members and admins). */
export function annotationQueueRoutes({ annotationQueues }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.post('/annotation-queues', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      return reply.status(201).send(await annotationQueues.create(projectId, parseWith(annotationQueueBodySchema, request.body), reviewerOf(request)));
    });
    app.get('/annotation-queues', async (request) => annotationQueues.list(requireScope(request, 'read')));
    app.get('/annotation-queues/:id', async (request) => {
      const projectId = requireScope(request, 'read');
      return annotationQueues.get(projectId, parseWith(queueParams, request.params, 'params').id);
    });
    app.delete('/annotation-queues/:id', async (request) => {
      const projectId = requireScope(request, 'admin');
      return annotationQueues.remove(projectId, parseWith(queueParams, request.params, 'params').id);
    });
    app.post('/annotation-queues/:id/items', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { id } = parseWith(queueParams, request.params, 'params');
      return annotationQueues.addItems(projectId, id, parseWith(addItemsBodySchema, request.body));
    });
    app.get('/annotation-queues/:id/next', async (request) => {
      const projectId = requireScope(request, 'ingest');
      return annotationQueues.next(projectId, parseWith(queueParams, request.params, 'params').id, reviewerOf(request));
    });
    app.post('/annotation-queues/:id/items/:item_id/scores', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { id, item_id } = parseWith(itemParams, request.params, 'params');
      return annotationQueues.score(projectId, id, item_id, reviewerOf(request), parseWith(itemScoresBodySchema, request.body));
    });
    app.post('/annotation-queues/:id/items/:item_id/skip', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { id, item_id } = parseWith(itemParams, request.params, 'params');
      return annotationQueues.skip(projectId, id, item_id, reviewerOf(request));
    });
    app.post('/annotation-queues/:id/items/:item_id/dataset-item', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      const { id, item_id } = parseWith(itemParams, request.params, 'params');
      const result = await annotationQueues.toDataset(projectId, id, item_id, parseWith(itemToDatasetBodySchema, request.body));
      return reply.status(result.created ? 201 : 200).send(result);
    });
  };
}

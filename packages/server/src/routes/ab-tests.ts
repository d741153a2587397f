/**
 * A/B test routes (docs/ab-tests.md). Creating a test needs `ingest`; reading, assigning and
 * results need `read`. End-user feedback is routes/feedback.ts.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { abAssignSchema, abResultsQuerySchema, abTestCreateSchema, abTestIdSchema } from '@tracehub/core';
import type { AbTestService } from '../ab-tests/ab-test-service.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

const testParams = z.object({ id: abTestIdSchema });

/** The A/B test routes over the service. */
export function abTestRoutes({ abTests }: { abTests: AbTestService }): FastifyPluginAsync {
  return async (app) => {
    app.post('/ab-tests', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      return reply.status(201).send(await abTests.create(projectId, parseWith(abTestCreateSchema, request.body)));
    });
    app.get('/ab-tests', async (request) => abTests.list(requireScope(request, 'read')));
    app.get('/ab-tests/:id', async (request) => abTests.get(requireScope(request, 'read'), parseWith(testParams, request.params, 'params').id));
    app.post('/ab-tests/:id/assign', async (request) => {
      const projectId = requireScope(request, 'read');
      const { id } = parseWith(testParams, request.params, 'params');
      return abTests.assign(projectId, id, parseWith(abAssignSchema, request.body).unit_id);
    });
    app.get('/ab-tests/:id/results', async (request) => {
      const projectId = requireScope(request, 'read');
      const { id } = parseWith(testParams, request.params, 'params');
      return abTests.results(projectId, id, parseWith(abResultsQuerySchema, request.query, 'query').alpha);
    });
  };
}

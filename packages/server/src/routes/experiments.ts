/** Experiment routes. Reads need the `read` scope; storing or deleting a run needs `ingest`. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createExperimentBodySchema, experimentCompareQuerySchema, experimentListQuerySchema, experimentMatrixQuerySchema, experimentRunIdSchema } from '@tracehub/core';
import type { ExperimentService } from '../experiments/experiment-service.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

const runParams = z.object({ run_id: experimentRunIdSchema });

/** Experiment routes over the experiment service. */
export function experimentRoutes({ experiments }: { experiments: ExperimentService }): FastifyPluginAsync {
  return async (app) => {
    app.post('/experiments', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      const result = await experiments.upsert(projectId, parseWith(createExperimentBodySchema, request.body));
      return reply.status(result.created ? 201 : 200).send(result);
    });
    app.get('/experiments', async (request) => experiments.list(requireScope(request, 'read'), parseWith(experimentListQuerySchema, request.query, 'query')));
    app.get('/experiments/compare', async (request) =>
      experiments.compare(requireScope(request, 'read'), parseWith(experimentCompareQuerySchema, request.query, 'query')),
    );
    app.get('/experiments/matrix', async (request) =>
      experiments.matrix(requireScope(request, 'read'), parseWith(experimentMatrixQuerySchema, request.query, 'query')),
    );
    app.get('/experiments/:run_id', async (request) => {
      const projectId = requireScope(request, 'read');
      return experiments.get(projectId, parseWith(runParams, request.params, 'params').run_id);
    });
    // Deletes the run, its items and its artifacts.
    app.delete('/experiments/:run_id', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      await experiments.remove(projectId, parseWith(runParams, request.params, 'params').run_id);
      return reply.status(204).send();
    });
  };
}

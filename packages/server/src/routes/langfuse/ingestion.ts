/** Langfuse API: `POST /api/public/ingestion`, the batch tracing API of the Langfuse SDKs (JS v3, Python v2). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { InvalidError } from '../../domain-errors.js';
import { createLangfuseIngestion } from '../../langfuse/ingestion-service.js';

/** The ingestion route: answers 207 with an entry per event; a body without a `batch` list is a 400. */
export function langfuseIngestionRoutes({ ingest }: Pick<AppServices, 'ingest'>): FastifyPluginAsync {
  const ingestion = createLangfuseIngestion(ingest);
  return async (app) => {
    app.post('/api/public/ingestion', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      const body = request.body as { batch?: unknown } | null;
      if (typeof body !== 'object' || body === null || !Array.isArray(body.batch)) {
        throw new InvalidError('batch: the body must be {"batch": [events…]}', { issues: [{ path: 'batch', message: 'expected a list of events' }] });
      }
      return reply.status(207).send(await ingestion.ingest(projectId, body.batch));
    });
  };
}

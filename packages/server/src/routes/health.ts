/** `GET /health` (the process answers) and `GET /ready` (database reachable, migrations applied). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppServices } from '../app.js';

/** Health and readiness routes. */
export function healthRoutes({ readiness }: Pick<AppServices, 'readiness'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', async () => ({ status: 'ok' }));
    app.get('/ready', async (_request, reply) => {
      const state = await readiness.check();
      if (!state.ready) return reply.status(503).send({ status: 'not_ready', database: state.database, reason: state.reason });
      return { status: 'ready', database: state.database };
    });
  };
}

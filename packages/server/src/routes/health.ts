/** `GET /health` (the process answers) and `GET /ready` (database reachable, migrations applied). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppServices } from '../app.js';

/** Health and readiness routes. */
export function healthRoutes({ store }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', async () => ({ status: 'ok' }));
    app.get('/ready', async (_request, reply) => {
      const state = await store.readiness();
      if (!state.ok) return reply.status(503).send({ status: 'not_ready', database: store.dialect, reason: state.reason });
      return { status: 'ready', database: store.dialect };
    });
  };
}

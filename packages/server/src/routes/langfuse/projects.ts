/** Langfuse API: `GET /api/public/health` (no credentials) and `GET /api/public/projects` (the key's project). */
import type { FastifyPluginAsync } from 'fastify';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { SERVER_VERSION } from '../../version.js';

/** Health and project routes of the Langfuse API. */
export function langfuseProjectRoutes({ projects }: Pick<AppServices, 'projects'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/public/health', async () => ({ status: 'OK', version: SERVER_VERSION }));
    app.get('/api/public/projects', async (request) => {
      const projectId = requireScope(request, 'read');
      const project = await projects.get(projectId);
      return { data: project ? [{ id: project.project_id, name: project.name, metadata: {} }] : [] };
    });
  };
}

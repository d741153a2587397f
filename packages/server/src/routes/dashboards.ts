/** Custom dashboard routes. Reading needs the `read` scope; saving or deleting needs `ingest`. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { dashboardDataQuerySchema } from '@tracehub/core';
import type { DashboardService } from '../dashboards/index.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

const params = z.object({ dashboard_id: z.string().min(1).max(128) });

/** Dashboard routes over the dashboard service. */
export function dashboardRoutes({ dashboards }: { dashboards: DashboardService }): FastifyPluginAsync {
  return async (app) => {
    app.get('/dashboards', async (request) => dashboards.list(requireScope(request, 'read')));
    app.post('/dashboards', async (request, reply) => reply.status(201).send(await dashboards.create(requireScope(request, 'ingest'), request.body)));
    app.get('/dashboards/:dashboard_id', async (request) =>
      dashboards.get(requireScope(request, 'read'), parseWith(params, request.params, 'params').dashboard_id),
    );
    app.get('/dashboards/:dashboard_id/data', async (request) => {
      const projectId = requireScope(request, 'read');
      const { last_hours } = parseWith(dashboardDataQuerySchema, request.query, 'query');
      return dashboards.data(projectId, parseWith(params, request.params, 'params').dashboard_id, last_hours);
    });
    app.put('/dashboards/:dashboard_id', async (request) =>
      dashboards.update(requireScope(request, 'ingest'), parseWith(params, request.params, 'params').dashboard_id, request.body),
    );
    app.delete('/dashboards/:dashboard_id', async (request, reply) => {
      await dashboards.remove(requireScope(request, 'ingest'), parseWith(params, request.params, 'params').dashboard_id);
      return reply.status(204).send();
    });
  };
}

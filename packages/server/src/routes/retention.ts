/**
 * Retention and deletion (docs/retention.md), all for a project admin (`admin` scope: an admin key or
 * an admin member): `GET/PUT /admin/retention`, `GET /admin/storage` (disk use) and
 * `POST /traces/delete` (a time range, e.g. a data-subject request). `DELETE /traces/{id}` is in traces.ts.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';
import { retentionBodySchema, traceRangeDeleteSchema } from '../retention/retention-service.js';

export function retentionRoutes({ retention }: Pick<AppServices, 'retention'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/admin/retention', async (request) => retention.get(requireScope(request, 'admin')));
    app.put('/admin/retention', async (request) => {
      const projectId = requireScope(request, 'admin');
      return retention.set(projectId, parseWith(retentionBodySchema, request.body));
    });
    app.get('/admin/storage', async (request) => {
      requireScope(request, 'admin');
      return retention.storage();
    });
    app.post('/traces/delete', async (request) => {
      const projectId = requireScope(request, 'admin');
      return retention.deleteRange(projectId, parseWith(traceRangeDeleteSchema, request.body));
    });
  };
}

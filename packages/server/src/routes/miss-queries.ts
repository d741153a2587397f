/** `GET /miss-queries?last_hours=N`: top miss-queries, grouped by similar text (read scope). */
import type { FastifyPluginAsync } from 'fastify';
import { missQueriesQuerySchema } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

/** The miss-queries route. */
export function missQueryRoutes({ missQueries }: Pick<AppServices, 'missQueries'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/miss-queries', async (request) => {
      const projectId = requireScope(request, 'read');
      return missQueries.list(projectId, parseWith(missQueriesQuerySchema, request.query, 'query'));
    });
  };
}

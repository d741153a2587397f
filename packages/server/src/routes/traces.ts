/** Trace query routes: list, detail, stats overview. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { idSchema, statsQuerySchema, traceListQuerySchema } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { notFound, parseWith } from '../http-errors.js';
import { requireScope } from '../auth/auth-hook.js';

const traceParams = z.object({ trace_id: idSchema });

/** Trace query routes. */
export function traceRoutes({ traces, stats }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.get('/traces', async (request) => {
      const projectId = requireScope(request, 'read');
      return traces.list(projectId, parseWith(traceListQuerySchema, request.query, 'query'));
    });
    app.get('/traces/stats/overview', async (request) => {
      const projectId = requireScope(request, 'read');
      return stats.overview(projectId, parseWith(statsQuerySchema, request.query, 'query'));
    });
    app.get('/traces/:trace_id', async (request) => {
      const projectId = requireScope(request, 'read');
      const { trace_id } = parseWith(traceParams, request.params, 'params');
      const detail = await traces.detail(projectId, trace_id);
      if (!detail) throw notFound(`Trace "${trace_id}" was not found in this project.`);
      return detail;
    });
  };
}

/** Trace routes: list, detail, stats overview, delete. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { idSchema, statsQuerySchema, traceListQuerySchema } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { NotFoundError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

const traceParams = z.object({ trace_id: idSchema });
const deleteParams = z.object({ trace_id: z.string().min(1).max(128) });

/** Trace routes: reading needs `read`, deleting a trace needs `admin`. */
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
      if (!detail) throw new NotFoundError(`Trace "${trace_id}" was not found in this project.`);
      return detail;
    });
    // Admin only. Takes any id up to 128 characters, so a trace stored by an older version with an
    // id the schema now refuses (e.g. with a NUL) can still be removed.
    app.delete('/traces/:trace_id', async (request, reply) => {
      const projectId = requireScope(request, 'admin');
      const { trace_id } = parseWith(deleteParams, request.params, 'params');
      if (!(await traces.remove(projectId, trace_id))) throw new NotFoundError(`Trace "${trace_id}" was not found in this project.`);
      return reply.status(204).send();
    });
  };
}

/** Langfuse API: `GET /api/public/traces`, `GET/DELETE /api/public/traces/{traceId}`, `DELETE /api/public/traces`. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { NotFoundError } from '../../domain-errors.js';
import { parseWith } from '../../parse-input.js';
import { langfuseFullTrace, langfusePage, langfuseTraceWithDetails, scoreIds, withTraceFields } from '../../langfuse/reads.js';
import { traceFieldGroups, traceListFilter } from '../../langfuse/reads-query.js';

const traceParams = z.object({ traceId: z.string().min(1).max(128) });
const deleteBody = z.object({ traceIds: z.array(z.string().min(1).max(128)).min(1).max(1000) });

/** Trace routes of the Langfuse API: reading needs `read`, deleting needs `admin` (as `DELETE /api/v1/traces/:id`). */
export function langfuseTraceRoutes({ traces }: Pick<AppServices, 'traces'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/public/traces', async (request) => {
      const projectId = requireScope(request, 'read');
      const { page, limit, filter, fields } = traceListFilter(request.query);
      const list = await traces.list(projectId, filter);
      const ids = list.items.map((t) => t.trace_id);
      // The list cuts long texts: each item is read whole — with its span and score ids when asked
      // for, else the trace row alone (or nothing more without `io`).
      let data: ReturnType<typeof langfuseTraceWithDetails>[];
      if (fields.has('observations') || fields.has('scores')) {
        const items = await Promise.all(ids.map((id) => traces.parts(projectId, id)));
        data = items.flatMap((parts) =>
          parts ? [langfuseTraceWithDetails(parts.trace, parts.spans.map((s) => s.span_id), scoreIds(parts.evals))] : []);
      } else {
        const whole = fields.has('io') ? await traces.tracesById(projectId, ids) : new Map();
        data = list.items.map((t) => langfuseTraceWithDetails(whole.get(t.trace_id) ?? t, [], []));
      }
      return langfusePage(data.map((t) => withTraceFields(t, fields)), page, limit, list.total);
    });
    app.get('/api/public/traces/:traceId', async (request) => {
      const projectId = requireScope(request, 'read');
      const { traceId } = parseWith(traceParams, request.params, 'params');
      const fields = traceFieldGroups((request.query as Record<string, unknown> | undefined)?.fields);
      const parts = await traces.parts(projectId, traceId);
      if (!parts) throw new NotFoundError(`Trace "${traceId}" was not found in this project.`);
      return withTraceFields(langfuseFullTrace(parts), fields);
    });
    app.delete('/api/public/traces/:traceId', async (request) => {
      const projectId = requireScope(request, 'admin');
      const { traceId } = parseWith(traceParams, request.params, 'params');
      if (!(await traces.remove(projectId, traceId))) throw new NotFoundError(`Trace "${traceId}" was not found in this project.`);
      return { message: 'Trace deleted successfully' };
    });
    app.delete('/api/public/traces', async (request) => {
      const projectId = requireScope(request, 'admin');
      const { traceIds } = parseWith(deleteBody, request.body);
      for (const traceId of traceIds) await traces.remove(projectId, traceId);
      return { message: 'Traces deleted successfully' };
    });
  };
}

/**
 * Langfuse API: `GET /api/public/observations` (spans across traces, paged), `GET
 * /api/public/observations/{observationId}` and `GET /api/public/v2/observations` (field groups, cursor).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { NotFoundError } from '../../domain-errors.js';
import { parseWith } from '../../parse-input.js';
import { langfuseObservation, langfusePage } from '../../langfuse/reads.js';
import { observationListFilter } from '../../langfuse/reads-query.js';
import { langfuseObservationV2, observationV2Meta, observationV2Query } from '../../langfuse/reads-v2.js';

const observationParams = z.object({ observationId: z.string().min(1).max(128) });

/** Observation routes of the Langfuse API (`read`). Spans carry no environment, user or session of their own: they answer their trace's. */
export function langfuseObservationRoutes({ traces }: Pick<AppServices, 'traces'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/public/observations', async (request) => {
      const projectId = requireScope(request, 'read');
      const filter = observationListFilter(request.query);
      const { items, total } = await traces.spans(projectId, filter);
      const byId = await traces.tracesById(projectId, items.map((s) => s.trace_id));
      return langfusePage(items.map((s) => langfuseObservation(s, byId.get(s.trace_id)?.environment ?? null)), filter.page, filter.page_size, total);
    });
    app.get('/api/public/v2/observations', async (request) => {
      const projectId = requireScope(request, 'read');
      const { filter, groups } = observationV2Query(request.query);
      const { items, total } = await traces.spans(projectId, filter);
      const byId = await traces.tracesById(projectId, items.map((s) => s.trace_id));
      return { data: items.map((s) => langfuseObservationV2(s, projectId, groups, byId.get(s.trace_id))), meta: observationV2Meta(filter, total) };
    });
    app.get('/api/public/observations/:observationId', async (request) => {
      const projectId = requireScope(request, 'read');
      const { observationId } = parseWith(observationParams, request.params, 'params');
      const [span] = (await traces.spans(projectId, { span_id: observationId, page: 1, page_size: 1 })).items;
      if (!span) throw new NotFoundError(`Observation "${observationId}" was not found in this project.`);
      const trace = (await traces.tracesById(projectId, [span.trace_id])).get(span.trace_id);
      return langfuseObservation(span, trace?.environment ?? null);
    });
  };
}

/** Langfuse API: `GET /api/public/observations` (spans across traces) and `GET /api/public/observations/{observationId}`. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { NotFoundError } from '../../domain-errors.js';
import { parseWith } from '../../parse-input.js';
import { langfuseObservation, langfusePage } from '../../langfuse/reads.js';
import { observationListFilter } from '../../langfuse/reads-query.js';

const observationParams = z.object({ observationId: z.string().min(1).max(128) });

/** Observation routes of the Langfuse API (`read`). Spans carry no environment of their own: they answer their trace's when read in a trace. */
export function langfuseObservationRoutes({ traces }: Pick<AppServices, 'traces'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/public/observations', async (request) => {
      const projectId = requireScope(request, 'read');
      const filter = observationListFilter(request.query);
      const { items, total } = await traces.spans(projectId, filter);
      return langfusePage(items.map((s) => langfuseObservation(s, null)), filter.page, filter.page_size, total);
    });
    app.get('/api/public/observations/:observationId', async (request) => {
      const projectId = requireScope(request, 'read');
      const { observationId } = parseWith(observationParams, request.params, 'params');
      const [span] = (await traces.spans(projectId, { span_id: observationId, page: 1, page_size: 1 })).items;
      if (!span) throw new NotFoundError(`Observation "${observationId}" was not found in this project.`);
      return langfuseObservation(span, null);
    });
  };
}

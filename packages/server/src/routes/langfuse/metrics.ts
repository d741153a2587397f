/** Langfuse API: `GET /api/public/metrics/daily` (per-day traces, observations, cost and usage per model). */
import type { FastifyPluginAsync } from 'fastify';
import { MAX_WIRE_MICROS, microsToIso } from '@tracehub/core';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { langfusePage } from '../../langfuse/reads.js';
import { dailyMetricsQuery } from '../../langfuse/reads-query.js';

/** Daily metrics of the Langfuse API (`read`), newest day first, from the stats rollups. */
export function langfuseMetricsRoutes({ stats }: Pick<AppServices, 'stats'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/public/metrics/daily', async (request) => {
      const projectId = requireScope(request, 'read');
      const { page, limit, from, to } = dailyMetricsQuery(request.query);
      const days = await stats.daily(projectId, from ?? 0, to ?? MAX_WIRE_MICROS);
      const data = days.slice((page - 1) * limit, page * limit).map((d) => ({
        date: microsToIso(d.day).slice(0, 10),
        countTraces: d.traces,
        countObservations: d.spans,
        totalCost: d.cost,
        usage: d.models.map((m) => ({
          model: m.model,
          inputUsage: m.input_tokens,
          outputUsage: m.output_tokens,
          totalUsage: m.total_tokens,
          countTraces: m.traces,
          countObservations: m.spans,
          totalCost: m.cost,
        })),
      }));
      return langfusePage(data, page, limit, days.length);
    });
  };
}

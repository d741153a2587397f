/**
 * The Langfuse public API (`/api/public/...`) over Trace Hub's own data, so a team's Langfuse SDK
 * code keeps working with only its host and keys changed (docs/langfuse-compatibility.md). Each
 * area registers its routes here; a route Trace Hub does not implement answers 501 with the reason,
 * never a 404 an SDK would swallow.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AppServices } from '../../app.js';
import { NotImplementedError } from '../../domain-errors.js';
import { langfuseProjectRoutes } from './projects.js';
import { langfuseTraceRoutes } from './traces.js';
import { langfuseObservationRoutes } from './observations.js';
import { langfuseSessionRoutes } from './sessions.js';
import { langfuseMetricsRoutes } from './metrics.js';
import { langfuseDatasetRoutes } from './datasets.js';
import { langfuseScoreRoutes } from './scores.js';
import { langfusePromptRoutes } from './prompts.js';
import { langfuseIngestionRoutes } from './ingestion.js';

/** The Langfuse public API routes (registered without a prefix: they carry `/api/public`). */
export function langfuseRoutes(services: AppServices): FastifyPluginAsync {
  return async (app) => {
    await app.register(langfuseProjectRoutes(services));
    await app.register(langfuseTraceRoutes(services));
    await app.register(langfuseObservationRoutes(services));
    await app.register(langfuseSessionRoutes(services));
    await app.register(langfuseMetricsRoutes(services));
    await app.register(langfusePromptRoutes(services));
    await app.register(langfuseIngestionRoutes(services));
    await app.register(langfuseDatasetRoutes(services));
    await app.register(langfuseScoreRoutes(services));
    app.all('/api/public/*', async (request) => {
      const path = request.url.split('?')[0];
      throw new NotImplementedError(
        `Trace Hub does not implement ${request.method} ${path} of the Langfuse API; docs/langfuse-compatibility.md lists what it does.`,
      );
    });
  };
}

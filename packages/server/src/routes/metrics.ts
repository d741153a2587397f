/**
 * `GET /metrics` (Prometheus text format) and the HTTP request metrics. Registered before every
 * other route (and so before the web UI's fallback), wrapped with fastify-plugin so its response
 * hook sees every route.
 */
import fp from 'fastify-plugin';
import type { FastifyPluginAsync } from 'fastify';
import type { AppServices } from '../app.js';

/** The metrics route and hook. */
export function metricsRoutes({ monitoring }: Pick<AppServices, 'monitoring'>): FastifyPluginAsync {
  return fp(async (app) => {
    app.addHook('onResponse', async (request, reply) => {
      monitoring.metrics.observeHttp(request.method, request.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
    });
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      monitoring.checkScrape(request.headers.authorization);
      const { contentType, body } = await monitoring.scrape();
      return reply.header('cache-control', 'no-store').type(contentType).send(body);
    });
  });
}

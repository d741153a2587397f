/**
 * Application metric routes: OTLP/HTTP metrics export (`POST /v1/metrics` and
 * `/api/v1/otlp/v1/metrics`, protobuf or JSON, optionally compressed, like `/v1/traces`), the JSON
 * points endpoint for scripts and cron jobs, the series query and the catalogue of known series.
 * Writing needs the `ingest` scope, reading `read`.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { METRIC_NAME_PATTERN } from '@tracehub/core';
import { InvalidError } from '../domain-errors.js';
import { requireScope } from '../auth/auth-hook.js';
import { parseWith } from '../parse-input.js';
import { decodeOtlpMetricsRequest, encodeExportMetricsResponse, type AppMetricService } from '../app-metrics/index.js';

const catalogQuery = z.object({ name: z.string().regex(METRIC_NAME_PATTERN).optional() });

/** The routes; `bodyLimit` caps the OTLP body and, times four, the decompressed one. */
export function appMetricRoutes({ appMetrics }: { appMetrics: AppMetricService }, bodyLimit: number): FastifyPluginAsync {
  return async (app) => {
    await app.register(async (otlp) => {
      // Exporters send binary or compressed bodies: take every body raw, whatever its content type.
      otlp.removeAllContentTypeParsers();
      otlp.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
      const handler = async (request: FastifyRequest, reply: FastifyReply) => {
        const projectId = requireScope(request, 'ingest');
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const contentType = request.headers['content-type'];
        const encoding = request.headers['content-encoding'];
        const decoded = decodeOtlpMetricsRequest(body, contentType, typeof encoding === 'string' ? encoding : undefined, bodyLimit * 4);
        if (!decoded.ok) throw new InvalidError(decoded.message, { code: 'bad_request' });
        const { rejected, message } = await appMetrics.exportOtlp(projectId, decoded.request);
        const json = String(contentType ?? '').includes('json');
        return reply.type(json ? 'application/json' : 'application/x-protobuf').send(encodeExportMetricsResponse(rejected, message, !json));
      };
      otlp.post('/v1/metrics', handler);
      otlp.post('/api/v1/otlp/v1/metrics', handler);
    });
    await app.register(async (api) => {
      api.post('/metrics/points', async (request, reply) => {
        const projectId = requireScope(request, 'ingest');
        return reply.status(202).send(await appMetrics.recordJson(projectId, request.body));
      });
      api.get('/metrics/series', async (request) => appMetrics.seriesQuery(requireScope(request, 'read'), request.query));
      api.get('/metrics', async (request) => {
        const projectId = requireScope(request, 'read');
        return appMetrics.catalog(projectId, parseWith(catalogQuery, request.query, 'query').name);
      });
    }, { prefix: '/api/v1' });
  };
}

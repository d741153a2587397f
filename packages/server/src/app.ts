/** The Fastify app factory: wires services and routes over an opened, migrated store. */
import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { PriceTable } from '@tracehub/core';
import type { Config } from './config.js';
import type { Store } from './storage/store.js';
import { HttpError } from './http-errors.js';
import { createAuthService, type AuthContext, type AuthService } from './auth/auth-service.js';
import { registerAuth } from './auth/auth-hook.js';
import { createIngestService, type IngestService } from './ingest/ingest-service.js';
import { createTraceQueryService, type TraceQueryService } from './traces/trace-query-service.js';
import { createStatsService } from './traces/stats-service.js';
import { healthRoutes } from './routes/health.js';
import { ingestRoutes } from './routes/ingest.js';
import { traceRoutes } from './routes/traces.js';
import { sessionRoutes } from './routes/sessions.js';
import { adminRoutes } from './routes/admin.js';
import { openapiRoutes } from './routes/openapi.js';
import { otlpRoutes } from './routes/otlp.js';

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthContext;
  }
}

/** Everything the routes need. */
export interface AppServices {
  store: Store;
  auth: AuthService;
  ingest: IngestService;
  traces: TraceQueryService;
  stats: ReturnType<typeof createStatsService>;
}

/** What buildApp needs. */
export interface AppOptions {
  config: Pick<Config, 'bodyLimitBytes' | 'logLevel'>;
  store: Store;
  prices: PriceTable;
  /** The ingest service to use (default: in-process over the store). */
  ingest?: IngestService;
  /** Clock in microseconds (default: the system clock). */
  now?: () => number;
  /** Pino logger options; default JSON logs at config.logLevel. */
  logger?: boolean | object;
}

/** Builds the app. The store must already be migrated. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const now = options.now ?? (() => Date.now() * 1000);
  const app = Fastify({
    logger: options.logger ?? { level: options.config.logLevel },
    bodyLimit: options.config.bodyLimitBytes,
    // One structured line per response (below) instead of Fastify's two per request.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
  });
  const services: AppServices = {
    store: options.store,
    auth: createAuthService(options.store.projects, now),
    ingest: options.ingest ?? createIngestService({ store: options.store.traces, prices: options.prices, now }),
    traces: createTraceQueryService(options.store.traces),
    stats: createStatsService(options.store.traces, now),
  };

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.statusCode).send({ error: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = status === 413 ? 'payload_too_large' : status === 415 ? 'unsupported_media_type' : 'bad_request';
      const message =
        status === 413
          ? `The body is larger than the limit of ${Math.round(options.config.bodyLimitBytes / 1024 / 1024)} MB; send smaller batches.`
          : status === 415
            ? `Content type ${request.headers['content-type'] ?? '(none)'} is not accepted; send application/json.`
            : error.message;
      return reply.status(status).send({ error: code, message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: 'internal_error', message: 'The server failed to handle this request; it has been logged.' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: 'not_found', message: `No route for ${request.method} ${request.url.split('?')[0]}.` }),
  );

  app.addHook('onResponse', async (request, reply) => {
    if (request.url === '/health') return;
    request.log.info(
      { method: request.method, url: request.url.split('?')[0], status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 },
      'request',
    );
  });
  registerAuth(app, services.auth);
  await app.register(healthRoutes(services));
  await app.register(ingestRoutes(services), { prefix: '/api/v1' });
  await app.register(traceRoutes(services), { prefix: '/api/v1' });
  await app.register(sessionRoutes(services), { prefix: '/api/v1' });
  await app.register(adminRoutes(services), { prefix: '/api/v1/admin' });
  await app.register(otlpRoutes(services, options.config.bodyLimitBytes));
  await app.register(openapiRoutes());
  return app;
}

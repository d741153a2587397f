/** `GET /api/openapi.json` and the browsable Swagger UI at `/api/docs` (served locally, no internet). */
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { buildOpenApiDocument } from './openapi-document.js';

/** OpenAPI routes. */
export function openapiRoutes(): FastifyPluginAsync {
  const document = buildOpenApiDocument();
  return fp(async (app) => {
    await app.register(swagger, { mode: 'static', specification: { document: document as never } });
    await app.register(swaggerUi, { routePrefix: '/api/docs' });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => document);
  });
}

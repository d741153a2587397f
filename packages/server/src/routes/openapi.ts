/** `GET /api/openapi.json` and the browsable Swagger UI at `/api/docs` (served locally, no internet). */
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { buildOpenApiDocument } from './openapi-document.js';
import { DOCS_CONTENT_SECURITY_POLICY, policyHeader } from '../security-headers.js';

/** OpenAPI routes. */
export function openapiRoutes(): FastifyPluginAsync {
  const document = buildOpenApiDocument();
  return fp(async (app) => {
    await app.register(swagger, { mode: 'static', specification: { document: document as never } });
    // Its own policy (Swagger UI injects a style element); applies to the /api/docs routes only.
    await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: policyHeader(DOCS_CONTENT_SECURITY_POLICY) });
    app.get('/api/openapi.json', { schema: { hide: true } }, async () => document);
  });
}

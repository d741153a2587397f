/**
 * OTLP/HTTP trace export: `POST /v1/traces`, `/api/v1/otlp/v1/traces` and Langfuse's
 * `/api/public/otel/v1/traces`, protobuf or JSON,
 * optionally gzip/deflate/br. Answers an ExportTraceServiceResponse in the request's encoding,
 * with partialSuccess counting the spans that were rejected.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppServices } from '../app.js';
import { InvalidError } from '../domain-errors.js';
import { requireScope } from '../auth/auth-hook.js';
import { decodeOtlpTraceRequest, encodeExportTraceServiceResponse } from '../otlp/index.js';

/** OTLP routes; `bodyLimit` caps the compressed body and, times four, the decompressed one. */
export function otlpRoutes({ otlp }: Pick<AppServices, 'otlp'>, bodyLimit: number): FastifyPluginAsync {
  return async (app) => {
    // Exporters send binary or compressed bodies: take every body raw, whatever its content type.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const projectId = requireScope(request, 'ingest');
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const contentType = request.headers['content-type'];
      const encoding = request.headers['content-encoding'];
      const decoded = decodeOtlpTraceRequest(body, contentType, typeof encoding === 'string' ? encoding : undefined, bodyLimit * 4);
      if (!decoded.ok) throw new InvalidError(decoded.message, { code: 'bad_request' });
      const { rejectedSpans, message } = await otlp.export(projectId, decoded.request);
      if (String(contentType ?? '').includes('json')) {
        return reply.type('application/json').send(encodeExportTraceServiceResponse(rejectedSpans, message, false));
      }
      return reply.type('application/x-protobuf').send(encodeExportTraceServiceResponse(rejectedSpans, message, true));
    };
    app.post('/v1/traces', handler);
    app.post('/api/v1/otlp/v1/traces', handler);
    // Langfuse SDKs v3+ (Python) and v4+ (JS) export here.
    app.post('/api/public/otel/v1/traces', handler);
  };
}

/**
 * OTLP/HTTP trace export: `POST /v1/traces` and `/api/v1/otlp/v1/traces`, protobuf or JSON,
 * optionally gzip/deflate/br. Answers an ExportTraceServiceResponse in the request's encoding,
 * with partialSuccess counting the spans that were rejected.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ingestSpansBodySchema, ingestTracesBodySchema, mapOtlpTraces, summarizeIssues, describeZodError } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { HttpError } from '../http-errors.js';
import { requireScope } from '../auth/auth-hook.js';
import { decodeOtlpTraceRequest, encodeExportTraceServiceResponse } from '../otlp/index.js';

/** OTLP routes; `bodyLimit` caps the compressed body and, times four, the decompressed one. */
export function otlpRoutes({ ingest }: AppServices, bodyLimit: number): FastifyPluginAsync {
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
      if (!decoded.ok) throw new HttpError(400, 'bad_request', decoded.message);

      const mapped = mapOtlpTraces(decoded.request);
      let rejected = mapped.rejected.length;
      const reasons = mapped.rejected.map((r) => r.reason);
      for (const batch of mapped.batches) {
        // The trace's status is left to derive from its spans: exports arrive in pieces.
        const body = { ...batch, trace: { ...batch.trace, status: undefined } };
        let traces = ingestTracesBodySchema.safeParse(body);
        // A span out of bounds (e.g. a cost or token count too large) is rejected alone, like a span
        // with a bad id or time; a problem with the trace itself rejects the trace's spans.
        const badSpans = traces.success ? new Set<number>() : spansWithIssues(traces.error.issues);
        let splitOff = 0;
        if (!traces.success && badSpans.size > 0 && badSpans.size < batch.spans.length) {
          for (const index of badSpans) {
            const issues = describeZodError(traces.error).filter((i) => i.path.startsWith(`spans[${index}]`));
            reasons.push(`span ${batch.spans[index].span_id}: ${summarizeIssues(issues)}`);
          }
          splitOff = badSpans.size;
          rejected += splitOff;
          traces = ingestTracesBodySchema.safeParse({ ...body, spans: batch.spans.filter((_, i) => !badSpans.has(i)) });
        }
        if (!traces.success) {
          rejected += batch.spans.length - splitOff;
          reasons.push(`trace ${batch.trace.trace_id}: ${summarizeIssues(describeZodError(traces.error))}`);
          continue;
        }
        const result = await ingest.ingestTraces(projectId, traces.data);
        rejected += result.items.filter((i) => i.kind === 'span' && i.status === 'rejected').length;
        reasons.push(...result.items.filter((i) => i.reason).map((i) => `span ${i.id}: ${i.reason}`));
        if (batch.events.length) {
          const events = ingestSpansBodySchema.safeParse({ events: batch.events });
          if (events.success) await ingest.ingestSpanEvents(projectId, events.data);
          else reasons.push(`events of trace ${batch.trace.trace_id}: ${summarizeIssues(describeZodError(events.error))}`);
        }
      }
      const message = reasons.length ? `${reasons[0]}${reasons.length > 1 ? ` (and ${reasons.length - 1} more)` : ''}` : '';
      if (String(contentType ?? '').includes('json')) {
        return reply.type('application/json').send(encodeExportTraceServiceResponse(rejected, message, false));
      }
      return reply.type('application/x-protobuf').send(encodeExportTraceServiceResponse(rejected, message, true));
    };
    app.post('/v1/traces', handler);
    app.post('/api/v1/otlp/v1/traces', handler);
  };
}

/** Indexes of the spans named by `issues`; empty when an issue concerns anything but a span. */
function spansWithIssues(issues: readonly { path: readonly PropertyKey[] }[]): Set<number> {
  const spans = new Set<number>();
  for (const issue of issues) {
    if (issue.path[0] !== 'spans' || typeof issue.path[1] !== 'number') return new Set();
    spans.add(issue.path[1]);
  }
  return spans;
}

/**
 * OTLP trace ingestion: maps a decoded ExportTraceServiceRequest to Trace Hub traces and span
 * events (core's pure mapping, docs/otlp-mapping.md), checks each trace with the ingest schemas and
 * writes it through the ingest service. Problems are counted, never thrown: OTLP answers a partial
 * success naming the first problem and how many spans were rejected.
 */
import {
  describeZodError,
  ingestSpansBodySchema,
  ingestTracesBodySchema,
  mapOtlpTraces,
  summarizeIssues,
  type OtlpExportTraceServiceRequest,
} from '@tracehub/core';
import type { IngestService } from '../ingest/ingest-service.js';

/** The outcome of one export: spans rejected and a one-line summary of why ('' when none were). */
export interface OtlpExportOutcome {
  rejectedSpans: number;
  message: string;
}

/** Creates the OTLP ingest service over the ingest service. */
export function createOtlpIngestService(ingest: Pick<IngestService, 'ingestTraces' | 'ingestSpanEvents'>) {
  return {
    /** Ingests one decoded export for `projectId`, one trace at a time. */
    async export(projectId: string, request: OtlpExportTraceServiceRequest): Promise<OtlpExportOutcome> {
      const mapped = mapOtlpTraces(request);
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
      return { rejectedSpans: rejected, message };
    },
  };
}

/** The OTLP ingest service. */
export type OtlpIngestService = ReturnType<typeof createOtlpIngestService>;

/** Indexes of the spans named by `issues`; empty when an issue concerns anything but a span. */
function spansWithIssues(issues: readonly { path: readonly PropertyKey[] }[]): Set<number> {
  const spans = new Set<number>();
  for (const issue of issues) {
    if (issue.path[0] !== 'spans' || typeof issue.path[1] !== 'number') return new Set();
    spans.add(issue.path[1]);
  }
  return spans;
}

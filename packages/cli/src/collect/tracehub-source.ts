/** Traces from this Trace Hub server: `GET /api/v1/traces` with filters and paging. */
import type { TraceDetail, TraceListResponse } from '@tracehub/core';
import type { JsonApi } from '@tracehub/evals';
import { isExperimentTrace, type SourceTrace, type TraceQuery, type TraceSource } from './trace-source.js';

/** List answers cut input text at this many characters; longer inputs are read from the trace detail. */
const LIST_TEXT_LIMIT = 2000;
const PAGE_SIZE = 100;

/** A TraceSource over a Trace Hub client. */
export function createTraceHubSource(client: JsonApi): TraceSource {
  return {
    name: 'tracehub',
    async *pages(query: TraceQuery, onTotal?: (total: number) => void) {
      for (let page = 1; ; page++) {
        const answer = await client.get<TraceListResponse>('/traces', {
          from: query.since,
          to: query.until,
          session_id: query.sessionId,
          status: query.status,
          name: query.name,
          page,
          page_size: PAGE_SIZE,
          sort: 'start_time:desc',
        });
        if (page === 1) onTotal?.(answer.total);
        const traces: SourceTrace[] = [];
        for (const t of answer.items) {
          let input = t.input_text;
          if (input && input.length >= LIST_TEXT_LIMIT) {
            const detail = await client.get<TraceDetail>(`/traces/${encodeURIComponent(t.trace_id)}`);
            input = detail.trace.input_text;
          }
          traces.push({ id: t.trace_id, name: t.name, timestamp: t.start_time, sessionId: t.session_id, input, experiment: isExperimentTrace(t.environment, t.tags) });
        }
        yield traces;
        if (answer.items.length < PAGE_SIZE || page * PAGE_SIZE >= answer.total) return;
      }
    },
  };
}

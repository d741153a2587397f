import { describe, expect, it } from 'vitest';
import type { IngestResult, IngestSpansBody, IngestTracesBody, OtlpSpan } from '@tracehub/core';
import { createOtlpIngestService } from './otlp-ingest-service.js';

const TRACE = '5b8efff798038103d269b633813fc60c';
const T0 = 1_770_458_400_000_000_000n; // 2026-02-07 in unix nanos
const nanos = (ms: number) => (T0 + BigInt(ms) * 1_000_000n).toString();

function span(spanId: string, extra: Partial<OtlpSpan> = {}): OtlpSpan {
  return { traceId: TRACE, spanId, name: 'step', kind: 1, startTimeUnixNano: nanos(0), endTimeUnixNano: nanos(1000), attributes: [], status: {}, ...extra };
}
const request = (spans: OtlpSpan[]) => ({ resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 'test' }, spans }] }] });

/** A fake ingest service that records what it was given and accepts everything. */
function fakeIngest() {
  const traces: IngestTracesBody[] = [];
  const events: IngestSpansBody[] = [];
  const accepted = (count: number): IngestResult => ({ accepted: count, duplicates: 0, rejected: 0, items: [] });
  return {
    traces,
    events,
    async ingestTraces(_projectId: string, body: IngestTracesBody) {
      traces.push(body);
      return accepted(body.spans.length + 1);
    },
    async ingestSpanEvents(_projectId: string, body: IngestSpansBody) {
      events.push(body);
      return accepted(body.events.length);
    },
  };
}

describe('OTLP ingest service', () => {
  it('writes each mapped trace through the ingest service, leaving the trace status to its spans', async () => {
    const ingest = fakeIngest();
    const outcome = await createOtlpIngestService(ingest).export('p1', request([span('eee19b7ec3c1b174'), span('eee19b7ec3c1b173', { parentSpanId: 'eee19b7ec3c1b174' })]));
    expect(outcome).toEqual({ rejectedSpans: 0, message: '' });
    expect(ingest.traces).toHaveLength(1);
    expect(ingest.traces[0].trace.trace_id).toBe(TRACE);
    expect(ingest.traces[0].trace.status).toBeUndefined();
    expect(ingest.traces[0].spans.map((s) => s.span_id).sort()).toEqual(['eee19b7ec3c1b173', 'eee19b7ec3c1b174']);
  });

  it('counts a span out of bounds alone and still writes the others', async () => {
    const ingest = fakeIngest();
    const tooLate = span('eee19b7ec3c1b172', { startTimeUnixNano: '4200000000000000000', endTimeUnixNano: '4200000001000000000' });
    const outcome = await createOtlpIngestService(ingest).export('p1', request([span('eee19b7ec3c1b174'), tooLate]));
    expect(outcome.rejectedSpans).toBe(1);
    expect(outcome.message).toMatch(/spans\[1\]/);
    expect(ingest.traces.flatMap((t) => t.spans.map((s) => s.span_id))).toEqual(['eee19b7ec3c1b174']);
  });
});

/** The Phoenix tracker's protobuf body decodes, with the shared OTLP types, to the request it encoded. */
import { describe, expect, it } from 'vitest';
import { otlpTraceProtoTypes } from '@tracehub/core/otlp-proto';
import { encodeOtlpTraceRequest } from './otlp-protobuf.js';
import type { OtlpTraceRequest } from './otlp-request.js';

const request: OtlpTraceRequest = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'tracehub-experiments' } }] },
      scopeSpans: [
        {
          scope: { name: '@tracehub/evals', version: '0.1.0' },
          spans: [
            {
              traceId: '0af7651916cd43dd8448eb211c80319c',
              spanId: 'b7ad6b7169203331',
              name: 'item case_000',
              kind: 1,
              startTimeUnixNano: '1770458400123000000',
              endTimeUnixNano: '1770458401123000000',
              attributes: [
                { key: 'n', value: { intValue: '-42' } },
                { key: 'x', value: { doubleValue: 0.25 } },
                { key: 'ok', value: { boolValue: false } },
                { key: 'text', value: { stringValue: '질문' } },
              ],
              status: { code: 1 },
            },
            {
              traceId: '0af7651916cd43dd8448eb211c80319c',
              spanId: '00f067aa0ba902b7',
              parentSpanId: 'b7ad6b7169203331',
              name: 'generation',
              kind: 1,
              startTimeUnixNano: '1770458400200000000',
              endTimeUnixNano: '1770458400900000000',
              attributes: [],
              status: { code: 2, message: 'model failed' },
            },
          ],
        },
      ],
    },
  ],
};

describe('OTLP protobuf encoding', () => {
  it('round-trips ids, nanosecond times, attribute values and status', () => {
    const { request: type } = otlpTraceProtoTypes();
    const decoded = type.toObject(type.decode(encodeOtlpTraceRequest(request)), { longs: String, bytes: String, enums: Number, defaults: false });
    const spans = decoded.resourceSpans[0].scopeSpans[0].spans;
    const hex = (base64: string) => Buffer.from(base64, 'base64').toString('hex');
    expect(decoded.resourceSpans[0].scopeSpans[0].scope).toEqual({ name: '@tracehub/evals', version: '0.1.0' });
    expect(spans.map((s: { traceId: string; spanId: string }) => [hex(s.traceId), hex(s.spanId)])).toEqual([
      ['0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331'],
      ['0af7651916cd43dd8448eb211c80319c', '00f067aa0ba902b7'],
    ]);
    expect(hex(spans[1].parentSpanId)).toBe('b7ad6b7169203331');
    expect(spans[0].parentSpanId).toBeUndefined();
    expect([spans[0].startTimeUnixNano, spans[0].endTimeUnixNano]).toEqual(['1770458400123000000', '1770458401123000000']);
    expect(spans[0].attributes).toEqual([
      { key: 'n', value: { intValue: '-42' } },
      { key: 'x', value: { doubleValue: 0.25 } },
      { key: 'ok', value: { boolValue: false } },
      { key: 'text', value: { stringValue: '질문' } },
    ]);
    expect(spans[0].status).toEqual({ code: 1 });
    expect(spans[1].status).toEqual({ code: 2, message: 'model failed' });
  });
});

import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { ProtobufTraceSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { mapOtlpTraces } from '../../../core/src/otlp/index.js';
import { decodeOtlpTraceRequest } from './decode-otlp-trace-request.js';
import { encodeExportTraceServiceResponse } from './encode-export-response.js';
import { otlpTraceProtoTypes } from '@tracehub/core/otlp-proto';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';
const b64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

/** A small request in the generic proto3 JSON form (bytes as base64), for protobufjs `fromObject`. */
function protoObject(spanIds: string[]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [
          {
            spans: spanIds.map((id, i) => ({
              traceId: b64(TRACE),
              spanId: id,
              name: `span ${i}`,
              startTimeUnixNano: '1700000000000000001',
              endTimeUnixNano: '1700000001000000001',
              attributes: [
                { key: 'flag', value: { boolValue: false } },
                { key: 'zero', value: { intValue: 0 } },
                { key: 'big', value: { intValue: '9223372036854775807' } },
                { key: 'ratio', value: { doubleValue: 0.5 } },
                { key: 'raw', value: { bytesValue: 'AQID' } },
              ],
            })),
          },
        ],
      },
    ],
  };
}

function protobufBody(spanIds: string[] = [b64(SPAN)]): Buffer {
  const { request } = otlpTraceProtoTypes();
  return Buffer.from(request.encode(request.fromObject(protoObject(spanIds))).finish());
}

function jsonBody(): Buffer {
  return Buffer.from(
    JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: TRACE.toUpperCase(), spanId: SPAN, name: 'hex', startTimeUnixNano: '1700000000000000001' },
                { trace_id: b64(TRACE), span_id: b64('00000000000000a1'), parent_span_id: b64(SPAN), name: 'base64', start_time_unix_nano: 1700000000000000000 },
              ],
            },
          ],
        },
      ],
    }),
  );
}

describe('decodeOtlpTraceRequest', () => {
  it('decodes protobuf: hex ids, string nanos, every attribute type', () => {
    const result = decodeOtlpTraceRequest(protobufBody(), 'application/x-protobuf', undefined);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const span = result.request.resourceSpans![0].scopeSpans![0].spans![0];
    expect(span).toMatchObject({ traceId: TRACE, spanId: SPAN, startTimeUnixNano: '1700000000000000001' });
    expect(span.attributes).toEqual([
      { key: 'flag', value: { boolValue: false } },
      { key: 'zero', value: { intValue: '0' } },
      { key: 'big', value: { intValue: '9223372036854775807' } },
      { key: 'ratio', value: { doubleValue: 0.5 } },
      { key: 'raw', value: { bytesValue: 'AQID' } },
    ]);
    const { batches } = mapOtlpTraces(result.request);
    expect(batches[0].spans[0].attributes).toMatchObject({ flag: false, zero: 0, big: '9223372036854775807', ratio: 0.5, raw: 'AQID' });
  });

  it('decodes JSON with hex or base64 ids and proto field names', () => {
    const result = decodeOtlpTraceRequest(jsonBody(), 'application/json; charset=utf-8', undefined);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const spans = result.request.resourceSpans![0].scopeSpans![0].spans!;
    expect(spans.map((s) => [s.traceId, s.spanId, s.parentSpanId])).toEqual([
      [TRACE, SPAN, undefined],
      [TRACE, '00000000000000a1', SPAN],
    ]);
    const { batches, rejected } = mapOtlpTraces(result.request);
    expect(rejected).toEqual([]);
    expect(batches[0].spans.map((s) => s.parent_span_id)).toEqual([null, SPAN]);
  });

  it('inflates gzip, deflate (zlib and raw) and br bodies', () => {
    const body = protobufBody();
    for (const [encoding, compressed] of [
      ['gzip', gzipSync(body)],
      ['deflate', deflateSync(body)],
      ['deflate', deflateRawSync(body)],
      ['br', brotliCompressSync(body)],
      ['identity', body],
    ] as const) {
      const result = decodeOtlpTraceRequest(compressed, 'application/x-protobuf', encoding);
      expect(result, encoding).toMatchObject({ ok: true });
    }
    expect(decodeOtlpTraceRequest(gzipSync(jsonBody()), 'application/json', 'GZIP')).toMatchObject({ ok: true });
  });

  it('sniffs the format when Content-Type is missing', () => {
    expect(decodeOtlpTraceRequest(jsonBody(), undefined, undefined)).toMatchObject({ ok: true });
    expect(decodeOtlpTraceRequest(protobufBody(), undefined, undefined)).toMatchObject({ ok: true });
  });

  it('answers ok:false with one sentence for malformed input, never throwing', () => {
    const cases: Array<[Buffer, string | undefined, string | undefined, RegExp]> = [
      [Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), 'application/x-protobuf', undefined, /not a valid protobuf/],
      [Buffer.from([0x0a, 0x05, 0x0a, 0x03, 0x0a]), 'application/x-protobuf', undefined, /not a valid protobuf/],
      [Buffer.from('{"resourceSpans": ['), 'application/json', undefined, /not valid JSON/],
      [Buffer.from(''), 'application/json', undefined, /not valid JSON/],
      [Buffer.from('[1,2]'), 'application/json', undefined, /must be an object/],
      [Buffer.from('{"resourceSpans": {}}'), 'application/json', undefined, /resourceSpans must be an array/],
      [Buffer.from('definitely not gzip'), 'application/x-protobuf', 'gzip', /not valid gzip/],
      [gzipSync(protobufBody()).subarray(0, 20), 'application/x-protobuf', 'gzip', /not valid gzip/],
      [Buffer.from('garbage'), 'application/json', 'deflate', /not valid deflate/],
      [protobufBody(), 'application/x-protobuf', 'zstd', /Content-Encoding "zstd" is not supported/],
      [protobufBody(), 'text/plain', undefined, /Content-Type "text\/plain" is not supported/],
    ];
    for (const [body, type, encoding, message] of cases) {
      const result = decodeOtlpTraceRequest(body, type, encoding);
      expect(result.ok, `${type} ${encoding} ${body.subarray(0, 10).toString('hex')}`).toBe(false);
      if (!result.ok) expect(result.message).toMatch(message);
    }
  });

  it('caps the decompressed size', () => {
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(10_000);
    const result = decodeOtlpTraceRequest(bomb, 'application/json', 'gzip', 1024 * 1024);
    expect(result).toEqual({ ok: false, message: 'The gzip body expands to more than 1048576 bytes; send smaller batches.' });
  });

  it('refuses deeply nested JSON without throwing', () => {
    const deep = `{"resourceSpans":[${'['.repeat(200_000)}${']'.repeat(200_000)}]}`;
    expect(() => decodeOtlpTraceRequest(Buffer.from(deep), 'application/json', undefined)).not.toThrow();
  });

  it('keeps the good spans of a batch with one invalid span id and counts one rejected', () => {
    const body = protobufBody([b64(SPAN), Buffer.from([1, 2, 3]).toString('base64'), b64('00000000000000a2')]);
    const result = decodeOtlpTraceRequest(body, 'application/x-protobuf', undefined);
    if (!result.ok) throw new Error(result.message);
    const { batches, rejected } = mapOtlpTraces(result.request);
    expect(batches[0].spans.map((s) => s.span_id)).toEqual([SPAN, '00000000000000a2']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toMatch(/span id "010203" is not 16 hex digits/);
    const response = encodeExportTraceServiceResponse(rejected.length, rejected[0].reason, true);
    expect(ProtobufTraceSerializer.deserializeResponse(response)).toEqual({
      partialSuccess: { rejectedSpans: 1, errorMessage: rejected[0].reason },
    });
  });
});

describe('encodeExportTraceServiceResponse', () => {
  it('answers partialSuccess in JSON and protobuf, read back by the OpenTelemetry deserializers', () => {
    const json = encodeExportTraceServiceResponse(2, '2 spans had invalid ids.', false);
    expect(json).toEqual({ partialSuccess: { rejectedSpans: 2, errorMessage: '2 spans had invalid ids.' } });
    expect(JsonTraceSerializer.deserializeResponse(new TextEncoder().encode(JSON.stringify(json)))).toEqual(json);
    const bytes = encodeExportTraceServiceResponse(2, '2 spans had invalid ids.', true);
    expect(ProtobufTraceSerializer.deserializeResponse(bytes)).toEqual(json);
  });

  it('is empty when nothing was rejected', () => {
    expect(encodeExportTraceServiceResponse(0, '', false)).toEqual({});
    expect(encodeExportTraceServiceResponse(0, 'ignored', true)).toHaveLength(0);
  });
});

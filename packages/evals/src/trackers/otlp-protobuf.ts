/**
 * Protobuf encoding of the OTLP trace request built by otlp-request.ts (the fields it uses of
 * opentelemetry-proto v1 `ExportTraceServiceRequest`). Phoenix's `/v1/traces` accepts only
 * `application/x-protobuf`; this small writer keeps the evals package free of a protobuf runtime.
 * Field numbers follow the official .proto files; the server's protobufjs decoder reads it back in tests.
 */
import type { OtlpKeyValue, OtlpSpan, OtlpTraceRequest } from './otlp-request.js';

class Writer {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  varint(value: bigint): void {
    const out: number[] = [];
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    this.push(Uint8Array.from(out));
  }

  tag(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  bytes(field: number, data: Uint8Array): void {
    this.tag(field, 2);
    this.varint(BigInt(data.length));
    this.push(data);
  }

  string(field: number, value: string): void {
    if (value) this.bytes(field, Buffer.from(value, 'utf8'));
  }

  message(field: number, encode: (w: Writer) => void): void {
    const inner = new Writer();
    encode(inner);
    this.bytes(field, inner.finish());
  }

  fixed64(field: number, value: bigint): void {
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    this.push(b);
  }

  double(field: number, value: number): void {
    this.tag(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    this.push(b);
  }

  uint(field: number, value: number): void {
    if (!value) return;
    this.tag(field, 0);
    this.varint(BigInt(value));
  }

  finish(): Uint8Array {
    return Buffer.concat(this.chunks, this.size);
  }
}

const hex = (id: string) => Buffer.from(id, 'hex');

function keyValue(w: Writer, kv: OtlpKeyValue): void {
  w.string(1, kv.key);
  w.message(2, (v) => {
    const value = kv.value;
    if ('stringValue' in value) v.bytes(1, Buffer.from(value.stringValue, 'utf8'));
    else if ('boolValue' in value) {
      v.tag(2, 0);
      v.varint(value.boolValue ? 1n : 0n);
    } else if ('intValue' in value) {
      v.tag(3, 0);
      v.varint(BigInt(value.intValue));
    } else v.double(4, value.doubleValue);
  });
}

function span(w: Writer, s: OtlpSpan): void {
  w.bytes(1, hex(s.traceId));
  w.bytes(2, hex(s.spanId));
  if (s.parentSpanId) w.bytes(4, hex(s.parentSpanId));
  w.string(5, s.name);
  w.uint(6, s.kind);
  w.fixed64(7, BigInt(s.startTimeUnixNano));
  w.fixed64(8, BigInt(s.endTimeUnixNano));
  for (const kv of s.attributes) w.message(9, (m) => keyValue(m, kv));
  w.message(15, (st) => {
    if (s.status.message) st.string(2, s.status.message);
    st.uint(3, s.status.code);
  });
}

/** The protobuf bytes of `request`. */
export function encodeOtlpTraceRequest(request: OtlpTraceRequest): Uint8Array {
  const w = new Writer();
  for (const rs of request.resourceSpans) {
    w.message(1, (r) => {
      r.message(1, (res) => {
        for (const kv of rs.resource.attributes) res.message(1, (m) => keyValue(m, kv));
      });
      for (const ss of rs.scopeSpans) {
        r.message(2, (scope) => {
          scope.message(1, (sc) => {
            sc.string(1, ss.scope.name);
            sc.string(2, ss.scope.version);
          });
          for (const s of ss.spans) scope.message(2, (m) => span(m, s));
        });
      }
    });
  }
  return w.finish();
}

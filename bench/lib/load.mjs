// A load generator for one child process: N concurrent clients posting batch bodies, recording ack latency.
import http from 'node:http';
import * as hdr from 'hdr-histogram-js';
import { otlpExport, traceBatch } from './spans.mjs';

/** Posts batches until `durationMs` passes or `maxBatches` are sent; answers spans/s and latency percentiles. */
export async function runLoad({ url, clients, durationMs, maxBatches, spansPerTrace = 100, prefix, startMs, spreadMs = 0, format = 'ingest' }) {
  const otlp = format === 'otlp';
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  let next = 0;
  let spans = 0;
  let errors = 0;
  const began = performance.now();
  const deadline = began + durationMs;
  // Bodies come from 64 pre-serialised templates with the ids and times swapped in, so the load
  // process spends its CPU on sending, not on building JSON.
  const build = otlp ? otlpExport : traceBatch;
  const templates = Array.from({ length: 64 }, (_, i) => JSON.stringify(build('@TRACE@', Date.UTC(2030, 0, 1), spansPerTrace, i)));
  // OTLP trace ids are 32 hex digits: the prefix's hash and the batch number.
  const prefixHex = Buffer.from(prefix).toString('hex').padEnd(16, '0').slice(0, 16);
  const traceIdOf = (n) => (otlp ? `${prefixHex}${n.toString(16).padStart(16, '0')}` : `${prefix}-${n}`);
  const templateIso = new Date(Date.UTC(2030, 0, 1)).toISOString().slice(0, 16);
  // node:http with keep-alive: the load process spends far less CPU per request than with fetch.
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const post = (body) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { agent, hostname, port, path: otlp ? '/v1/traces' : '/api/v1/ingest/traces', method: 'POST',
          headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const worker = async () => {
    while (performance.now() < deadline && next < maxBatches) {
      const n = next++;
      const start = startMs + (spreadMs ? Math.floor((n / maxBatches) * spreadMs) : n);
      const body = templates[n % templates.length]
        .replaceAll('@TRACE@', traceIdOf(n))
        .replaceAll(templateIso, new Date(start).toISOString().slice(0, 16))
        .replace('"session-', `"session-${Math.floor(n / 5)}-`);
      const t0 = performance.now();
      const status = await post(body);
      histogram.recordValue(Math.round((performance.now() - t0) * 1000));
      if (status === 200) spans += spansPerTrace;
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  agent.destroy();
  const seconds = (performance.now() - began) / 1000;
  return {
    spans,
    errors,
    seconds,
    spansPerSecond: spans / seconds,
    p50ms: histogram.getValueAtPercentile(50) / 1000,
    p99ms: histogram.getValueAtPercentile(99) / 1000,
  };
}

// Langfuse ingestion benchmark: the built server in one process, POST /api/public/ingestion batches
// as the Langfuse JS v3 SDK sends them (every observation a create then an update that ends it,
// usage on generations, a trace-create and a score per trace) from another process over 127.0.0.1.
// Prints observations/s (distinct observations stored) and ack latency.
// Usage: node bench/langfuse-ingest.mjs [sqlite|postgres|both] (env BENCH_SECONDS, BENCH_CLIENTS, BENCH_TRACES_PER_BATCH)
//        node bench/langfuse-ingest.mjs cpu   (CPU per observation against /ingest/traces, in-process; env BENCH_BATCHES)
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';
import { startPostgres, startServer } from './lib/server.mjs';

const OBSERVATIONS_PER_TRACE = 10;
const self = fileURLToPath(import.meta.url);
const auth = `Basic ${Buffer.from('pk-lf-bench:dev-key').toString('base64')}`;

const words = ['refund', 'policy', 'order', 'answer', 'context', 'document', 'summary', 'question', 'token', '환불', '규정'];
const filler = (n, seed) => {
  let out = '';
  for (let i = 0; out.length < n; i++) out += `${words[(seed + i * 7) % words.length]} `;
  return out.slice(0, n);
};

/** The events of one trace: trace-create, 10 observations (a root span, tools, generations) each created then ended, a score. */
function traceEvents(traceId, start, seed) {
  const iso = (ms) => new Date(ms).toISOString();
  const events = [];
  let n = 0;
  const event = (type, body) => events.push({ id: `${traceId}-e${n++}`, type, timestamp: iso(start), body });
  event('trace-create', {
    id: traceId, timestamp: iso(start), name: 'support-chat', userId: `user-${seed % 50}`, sessionId: `session-${seed % 200}`,
    input: { question: filler(200, seed) }, metadata: { channel: 'web', tenant: 'acme' }, tags: ['bench'], environment: 'production',
  });
  for (let i = 0; i < OBSERVATIONS_PER_TRACE; i++) {
    const id = `${traceId}-o${i}`;
    const begin = start + i * 20;
    const generation = i > 0 && i % 2 === 1;
    const parentObservationId = i === 0 ? undefined : `${traceId}-o0`;
    if (generation) {
      event('generation-create', {
        id, traceId, parentObservationId, name: 'chat', startTime: iso(begin), model: 'gpt-4o-mini', modelParameters: { temperature: 0.2 },
        input: [{ role: 'system', content: filler(300, i) }, { role: 'user', content: filler(500, seed + i) }], environment: 'production',
      });
      event('generation-update', {
        id, traceId, endTime: iso(begin + 400), completionStartTime: iso(begin + 120),
        output: { role: 'assistant', content: filler(600, seed * 3 + i) },
        usage: { input: 800, output: 150, total: 950 }, usageDetails: { input: 600, input_cached_tokens: 200, output: 150, total: 950 },
      });
    } else {
      event('span-create', {
        id, traceId, parentObservationId, name: i === 0 ? 'agent-run' : `tool-${i}`, startTime: iso(begin),
        input: { query: filler(400, seed + i) }, metadata: { retriever_k: 5 }, environment: 'production',
      });
      event('span-update', { id, traceId, endTime: iso(begin + (i === 0 ? 1000 : 50)), output: { result: filler(500, i + 3) } });
    }
  }
  event('score-create', { id: `${traceId}-score`, traceId, name: 'helpfulness', value: 0.8, dataType: 'NUMERIC', environment: 'production' });
  return events;
}

/** Load child: posts batches of `tracesPerBatch` traces' events from `clients` keep-alive connections. */
async function runLoad({ url, clients, durationMs, tracesPerBatch, prefix }) {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  const { hostname, port } = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const templates = Array.from({ length: 16 }, (_, i) =>
    JSON.stringify({ batch: Array.from({ length: tracesPerBatch }, (_, t) => traceEvents(`@T@-${t}`, Date.UTC(2030, 0, 1), i * 31 + t)).flat() }),
  );
  const post = (body) =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { agent, hostname, port, path: '/api/public/ingestion', method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve({ status: res.statusCode, text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  let next = 0;
  let observations = 0;
  let errors = 0;
  const began = performance.now();
  const deadline = began + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const n = next++;
      const body = templates[n % templates.length].replaceAll('@T@', `${prefix}-${n}`);
      const t0 = performance.now();
      const { status, text } = await post(body);
      histogram.recordValue(Math.round((performance.now() - t0) * 1000));
      if (status === 207 && JSON.parse(text).errors.length === 0) observations += tracesPerBatch * OBSERVATIONS_PER_TRACE;
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: clients }, worker));
  agent.destroy();
  const seconds = (performance.now() - began) / 1000;
  return { observations, errors, seconds, perSecond: observations / seconds, p50ms: histogram.getValueAtPercentile(50) / 1000, p99ms: histogram.getValueAtPercentile(99) / 1000 };
}

function load(options) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [self, '--load', JSON.stringify(options)], { maxBuffer: 1 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    );
  });
}

async function bench(backend, { seconds, clients, tracesPerBatch }) {
  let pg;
  const env = {};
  if (backend === 'postgres') {
    pg = await startPostgres();
    env.TRACEHUB_DATABASE_URL = pg.url;
  } else {
    env.TRACEHUB_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-bench-lf-'));
  }
  const server = await startServer(env);
  try {
    await load({ url: server.url, clients, durationMs: 3000, tracesPerBatch, prefix: `warm-${backend}` });
    const r = await load({ url: server.url, clients, durationMs: seconds * 1000, tracesPerBatch, prefix: `run-${backend}` });
    console.log(
      `${backend.padEnd(8)} ${Math.round(r.perSecond).toLocaleString('en-US').padStart(8)} observations/s  ` +
        `ack p50 ${r.p50ms.toFixed(1)} ms  p99 ${r.p99ms.toFixed(1)} ms  (${r.observations} observations in ${r.seconds.toFixed(1)} s, ${clients} clients, ${r.errors} failed batches)`,
    );
  } finally {
    await server.stop();
    await pg?.stop();
    if (env.TRACEHUB_DATA_DIR) fs.rmSync(env.TRACEHUB_DATA_DIR, { recursive: true, force: true });
  }
}

/**
 * `cpu` mode: CPU time per stored observation of the Langfuse path (JSON parse, mapping, ingest
 * service) against per span of `/ingest/traces` (JSON parse, validation, ingest service), in this
 * process on a SQLite store, without HTTP or the worker thread. CPU time, unlike throughput, holds
 * up when other work shares the machine.
 */
async function cpuCost(batches) {
  const dist = (file) => new URL(`../packages/server/dist/${file}`, import.meta.url).href;
  const { createStore } = await import(dist('storage/create-store.js'));
  const { createIngestService } = await import(dist('ingest/ingest-service.js'));
  const { createLangfuseIngestion } = await import(dist('langfuse/ingestion-service.js'));
  const { loadPriceTable } = await import(dist('prices.js'));
  const { ingestTracesBodySchema } = await import(new URL('../packages/core/dist/index.js', import.meta.url).href);
  const { traceBatch } = await import('./lib/spans.mjs');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-bench-lf-cpu-'));
  const store = createStore({ dataDir });
  await store.migrate();
  const ingest = createIngestService({ store: store.traces, prices: loadPriceTable(), now: () => Date.now() * 1000 });
  const langfuse = createLangfuseIngestion(ingest);
  const tracesPerBatch = Number(process.env.BENCH_TRACES_PER_BATCH ?? 5);
  const measure = async (texts, apply) => {
    const before = process.cpuUsage();
    for (const text of texts) await apply(JSON.parse(text));
    const used = process.cpuUsage(before);
    return used.user + used.system;
  };
  const lfTexts = Array.from({ length: batches }, (_, b) =>
    JSON.stringify(Array.from({ length: tracesPerBatch }, (_, t) => traceEvents(`cpu-${b}-${t}`, Date.UTC(2030, 0, 1), b * 7 + t)).flat()));
  const nativeTexts = Array.from({ length: batches / 2 }, (_, b) => JSON.stringify(traceBatch(`cpu-native-${b}`, Date.UTC(2030, 0, 1), 100, b)));
  const applyLangfuse = async (batch) => {
    const answer = await langfuse.ingest('default', batch);
    if (answer.errors.length) throw new Error(answer.errors[0].message);
  };
  const applyNative = (body) => ingest.ingestTraces('default', ingestTracesBodySchema.parse(body));
  // Warm both paths up (JIT, statement caches) on a tenth of the batches, then measure the rest.
  const warm = Math.floor(batches / 10);
  await measure(lfTexts.splice(0, warm), applyLangfuse);
  await measure(nativeTexts.splice(0, warm / 2), applyNative);
  const lfMicros = await measure(lfTexts, applyLangfuse);
  const nativeMicros = await measure(nativeTexts, applyNative);
  const perObservation = lfMicros / (lfTexts.length * tracesPerBatch * OBSERVATIONS_PER_TRACE);
  const perSpan = nativeMicros / (nativeTexts.length * 100);
  console.log(`cpu: ${perObservation.toFixed(1)} µs per observation (Langfuse ingestion) vs ${perSpan.toFixed(1)} µs per span (/ingest/traces), ${(perObservation / perSpan).toFixed(2)}×`);
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

if (process.argv[2] === '--load') {
  process.stdout.write(JSON.stringify(await runLoad(JSON.parse(process.argv[3]))));
} else if (process.argv[2] === 'cpu') {
  await cpuCost(Number(process.env.BENCH_BATCHES ?? 400));
} else {
  const which = process.argv[2] ?? 'sqlite';
  const options = {
    seconds: Number(process.env.BENCH_SECONDS ?? 15),
    clients: Number(process.env.BENCH_CLIENTS ?? 8),
    tracesPerBatch: Number(process.env.BENCH_TRACES_PER_BATCH ?? 5),
  };
  const events = options.tracesPerBatch * (OBSERVATIONS_PER_TRACE * 2 + 2);
  console.log(
    `Langfuse ingestion benchmark: ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}, ${options.seconds}s per backend, ` +
      `batches of ${events} events (${options.tracesPerBatch} traces × ${OBSERVATIONS_PER_TRACE} observations, each created then ended)`,
  );
  for (const backend of which === 'both' ? ['sqlite', 'postgres'] : [which]) await bench(backend, options);
}

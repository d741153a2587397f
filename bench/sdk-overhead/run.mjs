#!/usr/bin/env node
/**
 * Host-hot-path cost per span: Trace Hub SDK vs OpenTelemetry's BasicTracerProvider with a
 * BatchSpanProcessor, in one process, doing the same work (start a span with 5 attributes, end it).
 *
 *   npx tsc -p packages/sdk && node bench/sdk-overhead/run.mjs [--rounds 9] [--batches 100]
 *        [--batch 1000] [--http] [--otel-serialize] [--children-only]
 *
 * Only the two calls are timed, in batches of `--batch` spans; between batches the event loop
 * runs (untimed) so both SDKs' background exporters do their work, as they would in a server.
 * Batches of the two SDKs alternate so GC and background work fall on both alike. Exporters:
 *   Trace Hub  — an in-process sink transport (the SDK still serialises every batch to JSON);
 *                `--http` sends to a local node:http sink (same process) through the default fetch
 *                transport, with a queue deep enough that nothing is dropped.
 *   OTel       — a no-op in-memory exporter (counts and drops the spans); `--otel-serialize` makes
 *                it serialise each batch with OTLP JSON (JsonTraceSerializer) first, as a real
 *                OTLP exporter would — note OTel's BatchSpanProcessor calls `export()` from
 *                inside `span.end()` whenever 512 spans are buffered, so that cost lands on the
 *                host's hot path.
 * A second table reports total CPU per span (record path + background serialisation/export).
 */
import { createServer } from 'node:http';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { createTraceHub } from '../../packages/sdk/dist/index.js';

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const value = process.argv[i + 1];
  return value === undefined || value.startsWith('--') ? true : Number(value);
}
const ROUNDS = arg('rounds', 9);
const WARMUP_ROUNDS = 2;
const BATCHES = arg('batches', 100);
const BATCH = arg('batch', 1000);
const HTTP = arg('http', false) === true;
const OTEL_NOOP = arg('otel-serialize', false) !== true;
const CHILDREN_ONLY = arg('children-only', false) === true;

const yieldLoop = () => new Promise((resolve) => setImmediate(resolve));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => x.toFixed(3).padStart(7);

// ---------------------------------------------------------------- Trace Hub
let sinkBytes = 0;
let sinkServer;
let traceHubOptions;
if (HTTP) {
  sinkServer = createServer((req, res) => {
    req.on('data', (chunk) => (sinkBytes += chunk.length));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise((resolve) => sinkServer.listen(0, '127.0.0.1', resolve));
  // The loop records far faster than any app; a deep queue keeps every item so the figures compare.
  traceHubOptions = { baseUrl: `http://127.0.0.1:${sinkServer.address().port}`, apiKey: 'bench', maxQueueSize: 4_000_000 };
} else {
  const ok = Promise.resolve({ status: 200, retryAfterMs: null, body: null });
  traceHubOptions = { transport: { send: (request) => ((sinkBytes += request.body.length), ok) } };
}
const th = createTraceHub({ ...traceHubOptions, exitFlushTimeoutMs: 0, onError: (e) => console.error('tracehub:', e.message) });

// ---------------------------------------------------------------- OpenTelemetry
let otelExported = 0;
let otelBytes = 0;
const otelExporter = {
  export(spans, done) {
    otelExported += spans.length;
    if (!OTEL_NOOP) otelBytes += JsonTraceSerializer.serializeRequest(spans).length;
    done({ code: 0 });
  },
  shutdown: () => Promise.resolve(),
  forceFlush: () => Promise.resolve(),
};
const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(otelExporter)] });
const tracer = provider.getTracer('bench');

// ---------------------------------------------------------------- workloads (the timed part)
function traceHubRoots(n) {
  for (let i = 0; i < n; i++) {
    const span = th.startSpan('op', { attributes: { a: i, b: 'x', c: true, d: 2.5, e: 'y' } });
    span.end();
  }
}
function otelRoots(n) {
  for (let i = 0; i < n; i++) {
    const span = tracer.startSpan('op', { attributes: { a: i, b: 'x', c: true, d: 2.5, e: 'y' } });
    span.end();
  }
}
let thParent;
let otelParentContext;
function traceHubChildren(n) {
  th.withSpan(thParent, () => {
    for (let i = 0; i < n; i++) {
      const span = th.startSpan('op', { attributes: { a: i, b: 'x', c: true, d: 2.5, e: 'y' }, active: false });
      span.end();
    }
  });
}
function otelChildren(n) {
  for (let i = 0; i < n; i++) {
    const span = tracer.startSpan('op', { attributes: { a: i, b: 'x', c: true, d: 2.5, e: 'y' } }, otelParentContext);
    span.end();
  }
}

function time(fn, n) {
  const t0 = process.hrtime.bigint();
  fn(n);
  return Number(process.hrtime.bigint() - t0);
}

async function hotPath(label, thFn, otelFn) {
  const thRounds = [];
  const otelRounds = [];
  for (let round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
    let thNs = 0;
    let otelNs = 0;
    for (let b = 0; b < BATCHES; b++) {
      // alternate which SDK goes first so neither always runs right after the other's GC
      if (b % 2 === 0) {
        thNs += time(thFn, BATCH);
        await yieldLoop();
        otelNs += time(otelFn, BATCH);
      } else {
        otelNs += time(otelFn, BATCH);
        await yieldLoop();
        thNs += time(thFn, BATCH);
      }
      await yieldLoop();
    }
    if (round >= WARMUP_ROUNDS) {
      thRounds.push(thNs / 1000 / (BATCHES * BATCH));
      otelRounds.push(otelNs / 1000 / (BATCHES * BATCH));
    }
    await th.flush(30_000);
    await provider.forceFlush();
  }
  const thMedian = median(thRounds);
  const otelMedian = median(otelRounds);
  console.log(`\n${label}: µs per span (start + 5 attributes + end), ${ROUNDS} rounds × ${BATCHES * BATCH} spans`);
  console.log(`  Trace Hub       median ${fmt(thMedian)}   min ${fmt(Math.min(...thRounds))}   max ${fmt(Math.max(...thRounds))}`);
  console.log(`  OpenTelemetry   median ${fmt(otelMedian)}   min ${fmt(Math.min(...otelRounds))}   max ${fmt(Math.max(...otelRounds))}`);
  console.log(`  ratio Trace Hub / OpenTelemetry = ${(thMedian / otelMedian).toFixed(2)}  (target ≤ 0.50)`);
  return { thMedian, otelMedian };
}

async function totalCpu(label, fn, drain) {
  const spans = BATCHES * BATCH;
  const before = process.cpuUsage();
  for (let b = 0; b < BATCHES; b++) {
    fn(BATCH);
    await yieldLoop();
  }
  await drain();
  const used = process.cpuUsage(before);
  return { label, us: (used.user + used.system) / spans };
}

console.log(`Node ${process.version}, ${process.platform}/${process.arch}; Trace Hub sink: ${HTTP ? 'local HTTP server (fetch transport)' : 'in-process transport'}; OTel exporter: ${OTEL_NOOP ? 'no-op' : 'OTLP JSON serialiser'}`);

const roots = CHILDREN_ONLY ? null : await hotPath('Root spans (each starts a new trace)', traceHubRoots, otelRoots);

thParent = th.startSpan('parent', { active: false });
const otelParent = tracer.startSpan('parent');
otelParentContext = trace.setSpan(ROOT_CONTEXT, otelParent);
const children = await hotPath('Child spans under one parent (Trace Hub: AsyncLocalStorage context; OTel: explicit parent context)', traceHubChildren, otelChildren);

const cpu = [];
for (let i = 0; i < 3; i++) {
  if (!CHILDREN_ONLY) {
    cpu.push(await totalCpu('th-roots', traceHubRoots, () => th.flush(30_000)));
    cpu.push(await totalCpu('otel-roots', otelRoots, () => provider.forceFlush()));
  }
  cpu.push(await totalCpu('th-children', traceHubChildren, () => th.flush(30_000)));
  cpu.push(await totalCpu('otel-children', otelChildren, () => provider.forceFlush()));
}
const cpuOf = (label) => median(cpu.filter((c) => c.label === label).map((c) => c.us)) ?? Number.NaN;
console.log(`\nTotal CPU per span including background export, µs (median of 3 × ${BATCHES * BATCH} spans)`);
console.log(`                  root spans   child spans`);
console.log(`  Trace Hub         ${fmt(cpuOf('th-roots'))}       ${fmt(cpuOf('th-children'))}   (START + END events as JSON; a root span also sends its trace upsert)`);
console.log(`  OpenTelemetry     ${fmt(cpuOf('otel-roots'))}       ${fmt(cpuOf('otel-children'))}   (${OTEL_NOOP ? 'exporter does not serialise' : 'OTLP JSON serialisation'})`);

thParent.end();
otelParent.end();
await th.shutdown(30_000);
await provider.shutdown();
const stats = th.stats();
console.log(`\nTrace Hub stats ${JSON.stringify(stats)}; ${(sinkBytes / 1e6).toFixed(1)} MB sent; OTel exported ${otelExported} spans${OTEL_NOOP ? '' : `, ${(otelBytes / 1e6).toFixed(1)} MB`}`);
if (stats.dropped > 0 || stats.failed > 0) console.log('WARNING: Trace Hub dropped or failed items; the figures above are not comparable.');
sinkServer?.close();
const rootSummary = roots === null ? 'root spans skipped' : `root spans ${fmt(roots.thMedian)} vs ${fmt(roots.otelMedian)} µs (ratio ${(roots.thMedian / roots.otelMedian).toFixed(2)})`;
console.log(`\nSummary: ${rootSummary}; child spans ${fmt(children.thMedian)} vs ${fmt(children.otelMedian)} µs (ratio ${(children.thMedian / children.otelMedian).toFixed(2)})`);

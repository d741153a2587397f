// OTLP ingestion benchmark: the server in one process, OTLP/JSON exports of 100-span GenAI traces
// (`bench/lib/spans.mjs` otlpExport) posted to POST /v1/traces from another over 127.0.0.1.
// With BENCH_BASELINE=<another checkout, built>, runs alternate between that checkout's server and
// this one's in the same window and print the ratio (the "before and after" of a change).
// Usage: node bench/otlp-ingest.mjs [sqlite|postgres|both] (env BENCH_SECONDS, BENCH_CLIENTS, BENCH_ROUNDS, BENCH_BASELINE)
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mainOf, startPostgres, startServer } from './lib/server.mjs';

const which = process.argv[2] ?? 'both';
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const clients = Number(process.env.BENCH_CLIENTS ?? 8);
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const baseline = process.env.BENCH_BASELINE;
const worker = fileURLToPath(new URL('./lib/load-worker.mjs', import.meta.url));

function load(options) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [worker, JSON.stringify({ ...options, format: 'otlp' })], { maxBuffer: 1 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    );
  });
}

async function measure(backend, main, label) {
  let pg;
  const env = {};
  if (backend === 'postgres') {
    pg = await startPostgres();
    env.TRACEHUB_DATABASE_URL = pg.url;
  } else {
    env.TRACEHUB_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-bench-'));
  }
  const server = await startServer(env, main);
  try {
    await load({ url: server.url, clients, durationMs: 3000, maxBatches: 1e9, prefix: `warm-${label}`, startMs: Date.now() });
    const r = await load({ url: server.url, clients, durationMs: seconds * 1000, maxBatches: 1e9, prefix: `run-${label}`, startMs: Date.now() });
    console.log(
      `${backend.padEnd(8)} ${label.padEnd(8)} ${Math.round(r.spansPerSecond).toLocaleString('en-US').padStart(8)} spans/s  ` +
        `ack p50 ${r.p50ms.toFixed(1)} ms  p99 ${r.p99ms.toFixed(1)} ms  (${r.spans} spans in ${r.seconds.toFixed(1)} s, ${clients} clients, ${r.errors} errors)`,
    );
    return r.spansPerSecond;
  } finally {
    await server.stop();
    await pg?.stop();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`OTLP ingest benchmark: ${os.cpus().length} cores, node ${process.version}, ${seconds}s per run, OTLP/JSON exports of 100 spans`);
for (const backend of which === 'both' ? ['sqlite', 'postgres'] : [which]) {
  const before = [];
  const after = [];
  for (let round = 0; round < (baseline ? rounds : 1); round++) {
    if (baseline) before.push(await measure(backend, mainOf(baseline), 'before'));
    after.push(await measure(backend, undefined, baseline ? 'after' : 'current'));
  }
  if (baseline) console.log(`${backend.padEnd(8)} after / before (medians): ${(median(after) / median(before)).toFixed(2)}`);
}

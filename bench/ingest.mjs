// Ingestion benchmark: server in one process, load from another over 127.0.0.1 (batches of 100
// realistic spans, several concurrent clients). Prints spans/s and ack latency p50/p99 per backend.
// Usage: node bench/ingest.mjs [sqlite|postgres|both] (env BENCH_SECONDS, BENCH_CLIENTS)
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startPostgres, startServer } from './lib/server.mjs';

const which = process.argv[2] ?? 'both';
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const clients = Number(process.env.BENCH_CLIENTS ?? 8);
const worker = fileURLToPath(new URL('./lib/load-worker.mjs', import.meta.url));

function load(options) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [worker, JSON.stringify(options)], { maxBuffer: 1 << 20 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    );
  });
}

async function bench(backend) {
  let pg;
  const env = {};
  if (backend === 'postgres') {
    pg = await startPostgres();
    env.TRACEHUB_DATABASE_URL = pg.url;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-bench-'));
    env.TRACEHUB_DATA_DIR = dir;
  }
  const server = await startServer(env);
  try {
    await load({ url: server.url, clients, durationMs: 3000, maxBatches: 1e9, prefix: `warm-${backend}`, startMs: Date.now() - 3600_000 });
    const r = await load({ url: server.url, clients, durationMs: seconds * 1000, maxBatches: 1e9, prefix: `run-${backend}`, startMs: Date.now() - 3600_000 });
    console.log(
      `${backend.padEnd(8)} ${Math.round(r.spansPerSecond).toLocaleString('en-US').padStart(8)} spans/s  ` +
        `ack p50 ${r.p50ms.toFixed(1)} ms  p99 ${r.p99ms.toFixed(1)} ms  (${r.spans} spans in ${r.seconds.toFixed(1)} s, ${clients} clients, ${r.errors} errors)`,
    );
  } finally {
    await server.stop();
    await pg?.stop();
  }
}

console.log(`ingest benchmark: ${os.cpus().length} cores, node ${process.version}, ${seconds}s per backend, batches of 100 spans`);
for (const backend of which === 'both' ? ['sqlite', 'postgres'] : [which]) await bench(backend);

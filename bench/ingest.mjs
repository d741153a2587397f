// Ingestion benchmark: server in one process, load from another over 127.0.0.1 (batches of 100
// realistic spans, several concurrent clients). Prints spans/s and ack latency p50/p99 per backend.
// Usage: node bench/ingest.mjs [sqlite|postgres|both] (env BENCH_SECONDS, BENCH_CLIENTS)
// SQLite also prints, from the same run, its raw limit (lib/raw-sqlite.mjs: INSERTs of the same span rows
// into a copy of the spans table and its indexes, in the server's file, one transaction per trace).
// PostgreSQL also prints, from the same run, its raw limit (lib/raw-copy.mjs: COPY of the same span
// rows into a table with the spans table's indexes, as long and as concurrent as the load) and the ratio.
// BENCH_ONLINE_EVAL=1: each backend with an online evaluation rule off and on in the same run (sampling
// 0.5, llm_judge through the offline connection, polling every 500 ms), BENCH_ROUNDS (1) alternated pairs.
// BENCH_RETENTION=1: each backend with retention off and on in the same way: both first load BENCH_OLD_TRACES
// (3000) traces of 100 spans spread over the 30 days before yesterday; "on" sets a 1-day trace retention
// (enforced every 2 s) so the old traces are deleted in batches while the measured load runs.
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startPostgres, startServer } from './lib/server.mjs';
import { rawCopy } from './lib/raw-copy.mjs';
import { rawSqliteInsert } from './lib/raw-sqlite.mjs';
import { traceBatch } from './lib/spans.mjs';

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

/** With `rule`: an online evaluation rule scoring half of the traces while the load runs (docs/online-evaluators.md). */
async function createRule(url) {
  const res = await fetch(`${url}/api/v1/evaluation-rules`, {
    method: 'POST', headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', sampling_rate: 0.5, connection: 'offline', evaluators: [{ type: 'llm_judge', rubric: 'Is the answer helpful? 1-5' }] }),
  });
  if (res.status !== 201) throw new Error(`creating the rule failed: ${res.status} ${await res.text()}`);
  return (await res.json()).id;
}

/** Retention of 1 day on the project (docs/retention.md); answers a reader of the traces deleted so far. */
async function setRetention(url) {
  const res = await fetch(`${url}/api/v1/admin/retention`, {
    method: 'PUT', headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' }, body: JSON.stringify({ trace_days: 1 }),
  });
  if (res.status !== 200) throw new Error(`setting the retention failed: ${res.status} ${await res.text()}`);
}
async function deletedTraces(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/tracehub_retention_deleted_traces_total\{reason="retention"\} (\d+)/.exec(text)?.[1] ?? 0);
}

async function bench(backend, rule = null, retention = null) {
  let pg;
  const env = rule === null ? {} : { TRACEHUB_ONLINE_EVAL_INTERVAL_MS: '500', TRACEHUB_ONLINE_EVAL_SETTLE_MS: '0' };
  if (retention !== null) env.TRACEHUB_RETENTION_INTERVAL_SECONDS = '2';
  if (backend === 'postgres') {
    pg = await startPostgres();
    env.TRACEHUB_DATABASE_URL = pg.url;
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-bench-'));
    env.TRACEHUB_DATA_DIR = dir;
  }
  const server = await startServer(env);
  try {
    const ruleId = rule ? await createRule(server.url) : null;
    if (retention !== null) {
      const day = 86_400_000;
      const old = Number(process.env.BENCH_OLD_TRACES ?? 3000);
      await load({ url: server.url, clients, durationMs: 600_000, maxBatches: old, prefix: `old-${backend}`, startMs: Date.now() - 31 * day, spreadMs: 29 * day });
      if (retention) await setRetention(server.url);
    }
    await load({ url: server.url, clients, durationMs: 3000, maxBatches: 1e9, prefix: `warm-${backend}`, startMs: Date.now() - 3600_000 });
    const deletedBefore = retention ? await deletedTraces(server.url) : 0;
    const r = await load({ url: server.url, clients, durationMs: seconds * 1000, maxBatches: 1e9, prefix: `run-${backend}`, startMs: Date.now() - 3600_000 });
    const label = retention !== null ? `${backend} retention ${retention ? 'on ' : 'off'}` : rule === null ? backend : `${backend} rule ${rule ? 'on ' : 'off'}`;
    let scored = '';
    if (ruleId) {
      const items = (await (await fetch(`${server.url}/api/v1/evaluation-rules/${ruleId}`, { headers: { 'x-api-key': 'dev-key' } })).json()).items;
      scored = `  online eval items during the run: ${JSON.stringify(items)}`;
    }
    if (retention) scored = `  old traces deleted by retention during the run: ${(await deletedTraces(server.url)) - deletedBefore} (before it: ${deletedBefore})`;
    console.log(
      `${label.padEnd(rule === null && retention === null ? 8 : 21)} ${Math.round(r.spansPerSecond).toLocaleString('en-US').padStart(8)} spans/s  ` +
        `ack p50 ${r.p50ms.toFixed(1)} ms  p99 ${r.p99ms.toFixed(1)} ms  (${r.spans} spans in ${r.seconds.toFixed(1)} s, ${clients} clients, ${r.errors} errors)${scored}`,
    );
    if (backend === 'sqlite' && rule === null && retention === null) {
      await server.stop();
      const templates = Array.from({ length: 16 }, (_, i) => traceBatch('@TRACE@', Date.now() - 3600_000, 100, i));
      const root = fileURLToPath(new URL('..', import.meta.url));
      const raw = await rawSqliteInsert({ root, file: path.join(env.TRACEHUB_DATA_DIR, 'tracehub.db'), durationMs: seconds * 1000, templates });
      console.log(
        `raw INSERT ${Math.round(raw.rowsPerSecond).toLocaleString('en-US').padStart(8)} rows/s  (the same span rows into a copy of the spans table and its indexes, ` +
          `100 per committed transaction, one connection)  ingest / raw INSERT = ${(r.spansPerSecond / raw.rowsPerSecond).toFixed(2)}`,
      );
    }
    if (backend === 'postgres' && rule === null && retention === null) {
      await server.stop();
      const templates = Array.from({ length: 16 }, (_, i) => traceBatch('@TRACE@', Date.now() - 3600_000, 100, i));
      const root = fileURLToPath(new URL('..', import.meta.url));
      const raw = await rawCopy({ root, url: pg.url, connections: clients, durationMs: seconds * 1000, templates });
      console.log(
        `raw COPY ${Math.round(raw.rowsPerSecond).toLocaleString('en-US').padStart(8)} rows/s  (the same span rows into LIKE spans INCLUDING ALL, ` +
          `100 per committed COPY, ${clients} connections)  ingest / raw COPY = ${(r.spansPerSecond / raw.rowsPerSecond).toFixed(2)}`,
      );
    }
    return r.spansPerSecond;
  } finally {
    await server.stop();
    await pg?.stop();
  }
}

console.log(`ingest benchmark: ${os.cpus().length} cores, node ${process.version}, ${seconds}s per backend, batches of 100 spans`);
for (const backend of which === 'both' ? ['sqlite', 'postgres'] : [which]) {
  if (process.env.BENCH_RETENTION) {
    const totals = { off: 0, on: 0 };
    for (let round = 0; round < Number(process.env.BENCH_ROUNDS ?? 1); round++) {
      for (const on of round % 2 === 0 ? [false, true] : [true, false]) totals[on ? 'on' : 'off'] += await bench(backend, null, on);
    }
    console.log(`${backend}: retention on / off = ${(totals.on / totals.off).toFixed(3)} (${((1 - totals.on / totals.off) * 100).toFixed(1)} % slower)`);
    continue;
  }
  if (!process.env.BENCH_ONLINE_EVAL) {
    await bench(backend);
    continue;
  }
  // Alternated (off, on, on, off, …) so a change in the machine's load hits both sides alike.
  const totals = { off: 0, on: 0 };
  for (let round = 0; round < Number(process.env.BENCH_ROUNDS ?? 1); round++) {
    for (const on of round % 2 === 0 ? [false, true] : [true, false]) totals[on ? 'on' : 'off'] += await bench(backend, on);
  }
  console.log(`${backend}: rule on / rule off = ${(totals.on / totals.off).toFixed(3)} (${((1 - totals.on / totals.off) * 100).toFixed(1)} % slower)`);
}

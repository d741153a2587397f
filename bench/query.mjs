// Query benchmark on 1 million spans (50,000 traces x 20 spans over the last 24 hours): trace list
// with filters, trace detail, stats overview. Data is loaded in-process through the ingest service,
// then the server runs as its own process and is queried over 127.0.0.1. Prints p50/p95 per query.
// Usage: node bench/query.mjs [sqlite|postgres|both]   (env BENCH_TRACES, BENCH_SPANS_PER_TRACE, BENCH_REQUESTS)
// BENCH_SKIP_LOAD=1 with TRACEHUB_BENCH_DATABASE_URL: query a PostgreSQL database loaded by an earlier run.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';
import { createPriceTable, ingestTracesBodySchema } from '../packages/core/dist/index.js';
import { createStore } from '../packages/server/dist/storage/create-store.js';
import { createIngestService } from '../packages/server/dist/ingest/ingest-service.js';
import { createAuthService } from '../packages/server/dist/auth/auth-service.js';
import { traceBatch } from './lib/spans.mjs';
import { startPostgres, startServer } from './lib/server.mjs';

const which = process.argv[2] ?? 'both';
const TRACES = Number(process.env.BENCH_TRACES ?? 50_000);
const SPANS = Number(process.env.BENCH_SPANS_PER_TRACE ?? 20);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const DATA = fileURLToPath(new URL('./data/', import.meta.url));
const HEADERS = { 'x-api-key': 'dev-key' };

async function load(storeConfig) {
  const store = createStore(storeConfig);
  await store.migrate();
  await createAuthService(store.projects, () => Date.now() * 1000).bootstrap('dev-key');
  const [project] = await store.projects.listProjects();
  const ingest = createIngestService({ store: store.traces, prices: createPriceTable(), now: () => Date.now() * 1000 });
  const end = Date.now() - 60_000;
  const t0 = performance.now();
  // A few traces in flight at once: PostgreSQL loads are bound by round trips, not by the database.
  let next = 0;
  const loader = async () => {
    for (let i = next++; i < TRACES; i = next++) {
      const start = end - Math.floor(((TRACES - i) / TRACES) * 23.5 * 3600_000);
      const body = ingestTracesBodySchema.parse(traceBatch(`q-${i}`, start, SPANS, i));
      await ingest.ingestTraces(project.project_id, body);
      if (i % 5000 === 4999) process.stdout.write(`  loaded ${((i + 1) * SPANS).toLocaleString('en-US')} spans (${Math.round(((i + 1) * SPANS) / ((performance.now() - t0) / 1000))} spans/s)\n`);
    }
  };
  await Promise.all(Array.from({ length: Number(process.env.BENCH_LOAD_CONCURRENCY ?? 4) }, loader));
  await store.close();
}

async function measure(url, name, makePath) {
  const histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  for (let i = 0; i < REQUESTS + 20; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}${makePath(i)}`, { headers: HEADERS });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
    if (i >= 20) histogram.recordValue(Math.round((performance.now() - t0) * 1000));
  }
  const p50 = histogram.getValueAtPercentile(50) / 1000;
  const p95 = histogram.getValueAtPercentile(95) / 1000;
  console.log(`  ${name.padEnd(44)} p50 ${p50.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms`);
}

async function bench(backend) {
  let pg;
  let env;
  let storeConfig;
  if (backend === 'postgres') {
    pg = await startPostgres();
    env = { TRACEHUB_DATABASE_URL: pg.url };
    storeConfig = { databaseUrl: pg.url, dataDir: '' };
  } else {
    const dir = path.join(DATA, `sqlite-${TRACES}x${SPANS}`);
    env = { TRACEHUB_DATA_DIR: dir };
    storeConfig = { dataDir: dir };
  }
  const marker = storeConfig.dataDir ? path.join(storeConfig.dataDir, 'loaded') : null;
  console.log(`${backend}: ${(TRACES * SPANS).toLocaleString('en-US')} spans in ${TRACES.toLocaleString('en-US')} traces`);
  if (process.env.BENCH_SKIP_LOAD && backend === 'postgres') console.log('  (loaded by an earlier run)');
  else if (!marker || !fs.existsSync(marker)) {
    if (marker) fs.rmSync(storeConfig.dataDir, { recursive: true, force: true });
    await load(storeConfig);
    if (marker) fs.writeFileSync(marker, new Date().toISOString());
  }
  const server = await startServer(env);
  try {
    const id = (i) => `q-${(i * 7919) % TRACES}`;
    await measure(server.url, 'trace list, newest 50', () => '/api/v1/traces?page_size=50');
    await measure(server.url, 'trace list, environment=prod&name=chat', () => '/api/v1/traces?environment=prod&name=chat&page_size=50');
    await measure(server.url, 'trace list, status=error, page 3', () => '/api/v1/traces?status=error&page=3&page_size=20');
    await measure(server.url, 'trace list, user_id filter', (i) => `/api/v1/traces?user_id=user-${i % 500}`);
    await measure(server.url, 'trace list, sort by latency', () => '/api/v1/traces?sort=-latency_ms&page_size=50');
    await measure(server.url, 'trace list, search "질문 123" (trigram)', (i) => `/api/v1/traces?search=${encodeURIComponent(`질문 ${100 + (i % 800)}`)}`);
    await measure(server.url, 'trace detail (20 spans)', (i) => `/api/v1/traces/${id(i)}`);
    await measure(server.url, 'stats overview, last 24 h', () => '/api/v1/traces/stats/overview?last_hours=24');
  } finally {
    await server.stop();
    await pg?.stop();
  }
}

for (const backend of which === 'both' ? ['sqlite', 'postgres'] : [which]) await bench(backend);

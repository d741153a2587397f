// The raw limit of PostgreSQL ingestion on this machine: COPY of the very span rows the server
// writes for the load's batches (built by the server's own ingest service) into a table with the
// spans table's columns and indexes (LIKE spans INCLUDING ALL), in batches of one trace (100 rows),
// one committed transaction per batch, over as many connections as the load has clients.
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { finished } from 'node:stream/promises';

/** The span rows the server writes for `body` (a POST /ingest/traces body), captured without a database. */
export async function spanRowsOf(root, body) {
  const { createPriceTable, ingestTracesBodySchema } = await import(`${root}/packages/core/dist/index.js`);
  const { createIngestService } = await import(`${root}/packages/server/dist/ingest/ingest-service.js`);
  const rows = [];
  const none = async () => [];
  const tx = {
    lockTraces: async () => {}, claimIdempotencyKeys: async (_p, keys) => new Set(keys), getTraces: none, getSpans: none,
    getSpanLinks: none, findSpanIds: async () => new Set(), putSpans: async (r) => void rows.push(...r), putTraces: async () => {},
    addSpanEvents: async () => {}, addEvals: async () => {}, addRollups: async () => {},
  };
  const service = createIngestService({ store: { ingest: (work) => work(tx) }, prices: createPriceTable(), now: () => Date.now() * 1000 });
  await service.ingestTraces('bench-project', ingestTracesBodySchema.parse(body));
  return rows;
}

/** COPYs batches for `durationMs` over `connections` connections; answers rows/s. */
export async function rawCopy({ root, url, connections, durationMs, templates }) {
  const { copyText } = await import(`${root}/packages/server/dist/storage/postgres/pg-copy.js`);
  const { SPAN_COLUMNS } = await import(`${root}/packages/server/dist/storage/sql/row-mapping.js`);
  const kinds = Object.fromEntries(['attributes', 'input', 'output', 'original'].map((c) => [c, 'json']));
  // COPY text per template with the trace id as a placeholder, swapped per batch (as the load does).
  const texts = [];
  for (const body of templates) texts.push(copyText(await spanRowsOf(root, body), SPAN_COLUMNS, kinds));
  const rowsPerBatch = texts[0].split('\n').length - 1;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('DROP TABLE IF EXISTS raw_spans');
  await admin.query('CREATE TABLE raw_spans (LIKE spans INCLUDING ALL)');
  let next = 0;
  let rows = 0;
  const began = performance.now();
  const deadline = began + durationMs;
  const worker = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    while (performance.now() < deadline) {
      const n = next++;
      await client.query('BEGIN');
      const stream = client.query(copyFrom(`COPY raw_spans (${SPAN_COLUMNS.join(', ')}) FROM STDIN`));
      stream.end(texts[n % texts.length].replaceAll('@TRACE@', `raw-${n}`));
      await finished(stream);
      await client.query('COMMIT');
      rows += rowsPerBatch;
    }
    await client.end();
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - began) / 1000;
  await admin.query('DROP TABLE raw_spans');
  await admin.end();
  return { rows, seconds, rowsPerSecond: rows / seconds };
}

/**
 * IngestTx over one pg client inside BEGIN … COMMIT: one statement per kind of row, whole batches at
 * once. Rows that cannot conflict go in by COPY (pg-copy.ts): span events, and spans this
 * transaction found missing while it held their trace's lock (no other writer can add them).
 */
import type pg from 'pg';
import type { IngestTx } from '../store.js';
import type { SpanRow } from '../rows.js';
import { pgJsonText, pgText } from '../sql/storable-text.js';
import { EVAL_COLUMNS, SPAN_COLUMNS, SPAN_LINK_COLUMNS, TRACE_COLUMNS, toSpanLink, toSpanRow, toTraceRow } from '../sql/row-mapping.js';
import { ROLLUP_SERIES } from '../sql/rollup-tables.js';
import { type CopyColumnKind, copyRows } from './pg-copy.js';

type Row = Record<string, unknown>;

/** Columns that hold JSON text in the rows and JSONB in PostgreSQL. */
const JSON_COLUMNS = new Set(['attributes', 'tags', 'decision', 'payload', 'comment', 'metadata']);
/**
 * Columns that hold JSON text in TEXT columns (large span payloads: skipping JSONB parsing makes
 * ingestion cheaper). Objects and arrays are embedded as they are (json_populate_recordset stores
 * their text); a JSON string must travel as a string of its JSON text so its quotes survive.
 */
const JSON_TEXT_COLUMNS = new Set(['input', 'output', 'original']);
const EVENT_COLUMNS = ['project_id', 'trace_id', 'span_id', 'event_type', 'event_time', 'payload', 'idempotency_key', 'created_at'];
/** How COPY writes each column (the same values as rowsToJson through json_populate_recordset). */
const COPY_KINDS: Record<string, CopyColumnKind> = Object.fromEntries(
  [...JSON_COLUMNS, ...JSON_TEXT_COLUMNS].map((c) => [c, 'json' as const]),
);

/** Serialises rows as a JSON array for json_populate_recordset, embedding JSON-text columns as JSON. */
export function rowsToJson(rows: object[], columns: readonly string[]): string {
  const parts = rows.map((row) => {
    const fields = columns.map((c) => {
      const v = (row as Row)[c];
      if (v == null) return `"${c}":null`;
      // Text PostgreSQL cannot hold (NUL, unpaired surrogates) is made storable here, once (pg-text.ts).
      if (JSON_COLUMNS.has(c)) return `"${c}":${pgJsonText(String(v))}`;
      if (JSON_TEXT_COLUMNS.has(c)) {
        const text = pgJsonText(String(v));
        return `"${c}":${text.startsWith('{') || text.startsWith('[') ? text : JSON.stringify(text)}`;
      }
      return `"${c}":${JSON.stringify(typeof v === 'string' ? pgText(v) : v)}`;
    });
    return `{${fields.join(',')}}`;
  });
  return `[${parts.join(',')}]`;
}

function upsertFromJson(table: string, columns: readonly string[], key: string[], keep: string[] = []): string {
  const list = columns.join(', ');
  const updates = columns.filter((c) => !key.includes(c) && !keep.includes(c)).map((c) => `${c} = excluded.${c}`);
  return `INSERT INTO ${table} (${list}) SELECT ${list} FROM json_populate_recordset(null::${table}, $1::json)
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${updates.join(', ')}`;
}

const PUT_TRACES = upsertFromJson('traces', TRACE_COLUMNS, ['project_id', 'trace_id'], ['created_at']);
const PUT_SPANS = upsertFromJson('spans', SPAN_COLUMNS, ['project_id', 'trace_id', 'span_id'], ['created_at']);
const ADD_EVALS = `INSERT INTO evaluations (${EVAL_COLUMNS.join(', ')}) SELECT ${EVAL_COLUMNS.join(', ')}
  FROM json_populate_recordset(null::evaluations, $1::json)`;

// Rollup deltas are appended to the pending tables (see migrations-rollups.ts and rollup-folder.ts):
// inserts never wait on another transaction's hot rollup row. All series in one statement (one round trip).
const ADD_ROLLUPS = ROLLUP_SERIES.map(({ series, rollup }, i) => {
  const columns: string[] = [...rollup.key, ...rollup.counters];
  const sql = `r${i} AS (INSERT INTO ${rollup.table}_pending (${columns.join(', ')}) SELECT ${columns.join(', ')}
    FROM json_populate_recordset(null::${rollup.table}_pending, $${i + 1}::json))`;
  return { series, columns, sql };
});
const ADD_ALL_ROLLUPS = `WITH ${ADD_ROLLUPS.map((r) => r.sql).join(', ')} SELECT 1`;

// Every statement here is prepared once per connection (named), not parsed and planned per batch,
// except the `SELECT *` reads: a prepared `*` fails ("cached plan must not change result type") once
// another server's migration adds a column, and they are cheap to plan.
const STATEMENT_NAMES = new Map<string, string>();
function statementName(text: string): string {
  let name = STATEMENT_NAMES.get(text);
  if (!name) STATEMENT_NAMES.set(text, (name = `ingest_${STATEMENT_NAMES.size}`));
  return name;
}

/** The IngestTx of one PostgreSQL transaction on `client`. */
export function createPostgresIngestTx(client: pg.PoolClient, now: () => number): IngestTx {
  const query = (text: string, values: unknown[]) => client.query({ name: statementName(text), text, values });
  const key = (...parts: string[]) => parts.join('\u0000');
  // Traces whose lock this transaction holds, and spans of those traces it found missing: nobody
  // else can write them before the commit, so they are inserted by COPY instead of upserted.
  const locked = new Set<string>();
  const missing = new Set<string>();
  const noteMissing = (projectId: string, traceId: string, asked: string[], found: Iterable<string>) => {
    if (!locked.has(key(projectId, traceId))) return;
    const present = new Set(found);
    for (const id of asked) if (!present.has(id)) missing.add(key(projectId, traceId, id));
  };
  return {
    async lockTraces(projectId, traceIds) {
      if (traceIds.length === 0) return;
      const keys = [...new Set(traceIds)].sort();
      for (const t of keys) locked.add(key(projectId, t));
      // Advisory locks taken in sorted order so two batches never wait on each other in a cycle.
      await query(
        `SELECT pg_advisory_xact_lock(k) FROM (SELECT hashtextextended($1 || ':' || t, 0) AS k FROM unnest($2::text[]) AS t ORDER BY t) s`,
        [projectId, keys],
      );
    },
    async claimIdempotencyKeys(projectId, keys) {
      if (keys.length === 0) return new Set();
      const result = await query(
        `INSERT INTO idempotency_keys (project_id, key, created_at) SELECT $1, k, $3 FROM unnest($2::text[]) AS k
         ON CONFLICT DO NOTHING RETURNING key`,
        [projectId, keys, now()],
      );
      return new Set(result.rows.map((r: Row) => String(r.key)));
    },
    async getTraces(projectId, traceIds) {
      if (traceIds.length === 0) return [];
      const result = await client.query(`SELECT * FROM traces WHERE project_id = $1 AND trace_id = ANY($2::text[])`, [projectId, traceIds]);
      return result.rows.map(toTraceRow);
    },
    async getSpans(projectId, traceId, spanIds) {
      if (spanIds.length === 0) return [];
      const result = await client.query(
        `SELECT * FROM spans WHERE project_id = $1 AND trace_id = $2 AND span_id = ANY($3::text[])`,
        [projectId, traceId, spanIds],
      );
      const rows = result.rows.map(toSpanRow);
      noteMissing(projectId, traceId, spanIds, rows.map((r) => r.span_id));
      return rows;
    },
    async getSpanLinks(projectId, traceId) {
      const result = await query(`SELECT ${SPAN_LINK_COLUMNS.join(', ')} FROM spans WHERE project_id = $1 AND trace_id = $2`, [
        projectId,
        traceId,
      ]);
      return result.rows.map(toSpanLink);
    },
    async findSpanIds(projectId, traceId, spanIds) {
      if (spanIds.length === 0) return new Set();
      const result = await query(
        `SELECT span_id FROM spans WHERE project_id = $1 AND trace_id = $2 AND span_id = ANY($3::text[])`,
        [projectId, traceId, spanIds],
      );
      const found = new Set(result.rows.map((r: Row) => String(r.span_id)));
      noteMissing(projectId, traceId, spanIds, found);
      return found;
    },
    async putTraces(rows) {
      if (rows.length) await query(PUT_TRACES, [rowsToJson(rows, TRACE_COLUMNS)]);
    },
    async putSpans(rows) {
      const fresh: SpanRow[] = [];
      const upserts: SpanRow[] = [];
      for (const row of rows) {
        const k = key(row.project_id, row.trace_id, row.span_id);
        // Once written the span exists: a second row for it in the same batch is an upsert.
        (missing.delete(k) ? fresh : upserts).push(row);
      }
      await copyRows(client, 'spans', SPAN_COLUMNS, fresh, COPY_KINDS);
      if (upserts.length) await query(PUT_SPANS, [rowsToJson(upserts, SPAN_COLUMNS)]);
    },
    async addSpanEvents(rows) {
      await copyRows(client, 'span_events', EVENT_COLUMNS, rows, COPY_KINDS);
    },
    async addEvals(rows) {
      if (rows.length) await query(ADD_EVALS, [rowsToJson(rows, EVAL_COLUMNS)]);
    },
    async addRollups(d) {
      if (!ADD_ROLLUPS.some(({ series }) => d[series]?.length)) return;
      await query(ADD_ALL_ROLLUPS, ADD_ROLLUPS.map(({ series, columns }) => rowsToJson(d[series] ?? [], columns)));
    },
  };
}

/** IngestTx over one pg client inside BEGIN … COMMIT: one statement per kind of row, whole batches at once. */
import type pg from 'pg';
import type { IngestTx } from '../store.js';
import { pgJsonText, pgText } from '../sql/storable-text.js';
import { EVAL_COLUMNS, SPAN_COLUMNS, TRACE_COLUMNS, toSpanRow, toTraceRow } from '../sql/row-mapping.js';

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
const ADD_EVENTS = `INSERT INTO span_events (${EVENT_COLUMNS.join(', ')}) SELECT ${EVENT_COLUMNS.join(', ')}
  FROM json_populate_recordset(null::span_events, $1::json)`;
const ADD_EVALS = `INSERT INTO evaluations (${EVAL_COLUMNS.join(', ')}) SELECT ${EVAL_COLUMNS.join(', ')}
  FROM json_populate_recordset(null::evaluations, $1::json)`;

// Rollup deltas are appended to the pending tables (see migrations-rollups.ts and rollup-folder.ts):
// inserts never wait on another transaction's hot rollup row.
function additive(table: string, key: string[], counters: string[]): string {
  const columns = [...key, ...counters];
  return `INSERT INTO ${table}_pending (${columns.join(', ')}) SELECT ${columns.join(', ')}
    FROM json_populate_recordset(null::${table}_pending, $1::json)`;
}
const TRACE_ROLLUP = {
  key: ['project_id', 'bucket', 'environment', 'model'],
  counters: ['traces', 'success', 'errors', 'running', 'open_span_traces', 'input_tokens', 'output_tokens', 'total_tokens', 'cost'],
};
const SPAN_ROLLUP = {
  key: ['project_id', 'bucket', 'model'],
  counters: ['spans', 'errors', 'input_tokens', 'output_tokens', 'total_tokens', 'cost'],
};
const LATENCY_ROLLUP = { key: ['project_id', 'bucket', 'series', 'lat_bucket'], counters: ['count'] };
const SPAN_TYPE_ROLLUP = { key: ['project_id', 'bucket', 'span_type'], counters: ['spans', 'errors'] };
const ADD_TRACE_ROLLUP = additive('rollup_traces', TRACE_ROLLUP.key, TRACE_ROLLUP.counters);
const ADD_SPAN_ROLLUP = additive('rollup_spans', SPAN_ROLLUP.key, SPAN_ROLLUP.counters);
const ADD_LATENCY_ROLLUP = additive('rollup_latency', LATENCY_ROLLUP.key, LATENCY_ROLLUP.counters);
const ADD_SPAN_TYPE_ROLLUP = additive('rollup_span_types', SPAN_TYPE_ROLLUP.key, SPAN_TYPE_ROLLUP.counters);

/** The IngestTx of one PostgreSQL transaction on `client`. */
export function createPostgresIngestTx(client: pg.PoolClient, now: () => number): IngestTx {
  return {
    async lockTraces(projectId, traceIds) {
      if (traceIds.length === 0) return;
      const keys = [...new Set(traceIds)].sort();
      // Advisory locks taken in sorted order so two batches never wait on each other in a cycle.
      await client.query(
        `SELECT pg_advisory_xact_lock(k) FROM (SELECT hashtextextended($1 || ':' || t, 0) AS k FROM unnest($2::text[]) AS t ORDER BY t) s`,
        [projectId, keys],
      );
    },
    async claimIdempotencyKeys(projectId, keys) {
      if (keys.length === 0) return new Set();
      const result = await client.query(
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
      return result.rows.map(toSpanRow);
    },
    async findSpanIds(projectId, traceId, spanIds) {
      if (spanIds.length === 0) return new Set();
      const result = await client.query(
        `SELECT span_id FROM spans WHERE project_id = $1 AND trace_id = $2 AND span_id = ANY($3::text[])`,
        [projectId, traceId, spanIds],
      );
      return new Set(result.rows.map((r: Row) => String(r.span_id)));
    },
    async putTraces(rows) {
      if (rows.length) await client.query(PUT_TRACES, [rowsToJson(rows, TRACE_COLUMNS)]);
    },
    async putSpans(rows) {
      if (rows.length) await client.query(PUT_SPANS, [rowsToJson(rows, SPAN_COLUMNS)]);
    },
    async addSpanEvents(rows) {
      if (rows.length) await client.query(ADD_EVENTS, [rowsToJson(rows, EVENT_COLUMNS)]);
    },
    async addEvals(rows) {
      if (rows.length) await client.query(ADD_EVALS, [rowsToJson(rows, EVAL_COLUMNS)]);
    },
    async addRollups(d) {
      if (d.traces.length) await client.query(ADD_TRACE_ROLLUP, [rowsToJson(d.traces, [...TRACE_ROLLUP.key, ...TRACE_ROLLUP.counters])]);
      if (d.spans.length) await client.query(ADD_SPAN_ROLLUP, [rowsToJson(d.spans, [...SPAN_ROLLUP.key, ...SPAN_ROLLUP.counters])]);
      if (d.latency.length) {
        await client.query(ADD_LATENCY_ROLLUP, [rowsToJson(d.latency, [...LATENCY_ROLLUP.key, ...LATENCY_ROLLUP.counters])]);
      }
      if (d.spanTypes?.length) {
        await client.query(ADD_SPAN_TYPE_ROLLUP, [rowsToJson(d.spanTypes, [...SPAN_TYPE_ROLLUP.key, ...SPAN_TYPE_ROLLUP.counters])]);
      }
    },
  };
}

/**
 * 0021: the span rollups (rollup_spans, rollup_span_types) and the latency histograms gain the
 * environment of the span's trace as a key column (after `bucket`, as rollup-tables.ts describes),
 * so span-level figures leave experiment traffic out and follow the environment filter as the
 * trace-level ones do. The tables are rebuilt to put the column in key order.
 *
 * Existing rows: latency rows of a trace series take the environment from the series name
 * (`trace:<environment>`); span rows recorded before 0021 cannot be split by environment and keep
 * environment '' (no environment), so they count as non-experiment traffic.
 * Also: a partial index on traces with unpriced spans, for the dashboard's cost figure.
 */

/** The rebuilt tables as 0021 wrote them (history: not read from rollup-tables.ts, which may move on). */
interface RebuiltTable {
  table: string;
  key: string[];
  counters: string[];
}
const SPANS: RebuiltTable = {
  table: 'rollup_spans',
  key: ['project_id', 'bucket', 'environment', 'model'],
  counters: ['spans', 'errors', 'input_tokens', 'output_tokens', 'total_tokens', 'cost'],
};
const SPAN_TYPES: RebuiltTable = { table: 'rollup_span_types', key: ['project_id', 'bucket', 'environment', 'span_type'], counters: ['spans', 'errors'] };
const LATENCY: RebuiltTable = { table: 'rollup_latency', key: ['project_id', 'bucket', 'environment', 'series', 'lat_bucket'], counters: ['count'] };
const TABLES = [SPANS, SPAN_TYPES, LATENCY];
const columnsOf = (t: RebuiltTable) => [...t.key, ...t.counters];

type Dialect = 'sqlite' | 'postgres';

/** Column types of the rebuilt tables (the types 0001 and 0006/0007 gave them). */
const TYPES: Record<string, Record<Dialect, string>> = {
  text: { sqlite: 'TEXT', postgres: 'TEXT' },
  int: { sqlite: 'INTEGER', postgres: 'BIGINT' },
  small: { sqlite: 'INTEGER', postgres: 'INTEGER' },
  real: { sqlite: 'REAL', postgres: 'DOUBLE PRECISION' },
};
const COLUMN_TYPE: Record<string, keyof typeof TYPES> = {
  project_id: 'text', environment: 'text', model: 'text', series: 'text', span_type: 'text',
  bucket: 'int', lat_bucket: 'small', cost: 'real',
};

/** The value each column of a rebuilt table takes from the old rows. */
const LATENCY_ENVIRONMENT = `CASE WHEN series LIKE 'trace:%' THEN substr(series, 7) ELSE '' END`;
const sourceOf = (rollup: RebuiltTable, column: string) =>
  column !== 'environment' ? column : rollup === LATENCY ? LATENCY_ENVIRONMENT : `''`;

/** Creates `name` with the described columns of `rollup`, keyed unless `keyed` is false. */
function createTable(dialect: Dialect, rollup: RebuiltTable, name: string, keyed: boolean): string {
  const columns = columnsOf(rollup).map((c) => `${c} ${TYPES[COLUMN_TYPE[c] ?? 'int'][dialect]} NOT NULL`);
  const key = keyed ? `, PRIMARY KEY (${rollup.key.join(', ')})` : '';
  return `CREATE TABLE ${name} (${columns.join(', ')}${key})${dialect === 'sqlite' ? ' WITHOUT ROWID' : ''}`;
}

/** Copies `from` into a new `to` (same rows, the environment added), then replaces `from`. */
function rebuild(dialect: Dialect, rollup: RebuiltTable, from: string, keyed: boolean): string[] {
  const columns = columnsOf(rollup);
  const to = `${from}_0021`;
  // The old rows are unique by the old key, which determines the environment: a plain copy.
  const copy = `INSERT INTO ${to} (${columns.join(', ')}) SELECT ${columns.map((c) => sourceOf(rollup, c)).join(', ')} FROM ${from}`;
  return [createTable(dialect, rollup, to, keyed), copy, `DROP TABLE ${from}`, `ALTER TABLE ${to} RENAME TO ${from}`];
}

const UNPRICED_INDEX = 'CREATE INDEX traces_unpriced ON traces (project_id, start_time) WHERE unpriced_span_count > 0';

export const SQLITE_ROLLUP_ENVIRONMENT_MIGRATIONS: Record<string, string[]> = {
  '0021_rollup_environment': [...TABLES.flatMap((t) => rebuild('sqlite', t, t.table, true)), UNPRICED_INDEX],
};

/** PostgreSQL: the `_base` and `_pending` tables are rebuilt and the view over both recreated. */
export const POSTGRES_ROLLUP_ENVIRONMENT_MIGRATIONS: Record<string, string[]> = {
  '0021_rollup_environment': [
    ...TABLES.flatMap((t) => [
      `DROP VIEW ${t.table}`,
      ...rebuild('postgres', t, `${t.table}_base`, true),
      ...rebuild('postgres', t, `${t.table}_pending`, false),
      `CREATE VIEW ${t.table} AS SELECT * FROM ${t.table}_base UNION ALL SELECT * FROM ${t.table}_pending`,
    ]),
    UNPRICED_INDEX,
  ],
};

// The raw limit of SQLite ingestion on this machine: plain INSERTs of the very span rows the server
// writes for the load's batches (built by the server's own ingest service, lib/raw-copy.mjs) into a
// table with the spans table's columns and indexes, in the server's database file with the server's
// pragmas, one committed transaction per trace (100 rows), on one connection (SQLite has one writer).
import Database from 'better-sqlite3';
import { spanRowsOf } from './raw-copy.mjs';

/** The spans table's DDL (table and indexes) renamed to raw_spans. */
function rawDdl(db) {
  const rows = db.prepare("SELECT type, sql FROM sqlite_master WHERE tbl_name = 'spans' AND sql IS NOT NULL").all();
  return rows.map(({ type, sql }) =>
    type === 'table'
      ? sql.replace(/^CREATE TABLE\s+(IF NOT EXISTS\s+)?"?spans"?/i, 'CREATE TABLE raw_spans')
      : sql.replace(/INDEX\s+(IF NOT EXISTS\s+)?"?(\w+)"?\s+ON\s+"?spans"?/i, 'INDEX raw_$2 ON raw_spans'),
  );
}

/** Inserts batches for `durationMs` into `file` (the stopped server's database); answers rows/s. */
export async function rawSqliteInsert({ root, file, durationMs, templates }) {
  const { SPAN_COLUMNS } = await import(`${root}/packages/server/dist/storage/sql/row-mapping.js`);
  const batches = [];
  for (const body of templates) batches.push((await spanRowsOf(root, body)).map((row) => SPAN_COLUMNS.map((c) => row[c] ?? null)));
  const ids = ['trace_id', 'span_id', 'parent_span_id', 'idempotency_key'].map((c) => SPAN_COLUMNS.indexOf(c)).filter((i) => i >= 0);
  const db = new Database(file);
  for (const pragma of ['busy_timeout = 5000', 'journal_mode = WAL', 'synchronous = NORMAL', 'cache_size = -65536', 'temp_store = MEMORY']) db.pragma(pragma);
  db.exec('DROP TABLE IF EXISTS raw_spans');
  for (const sql of rawDdl(db)) db.exec(sql);
  const insert = db.prepare(`INSERT INTO raw_spans (${SPAN_COLUMNS.join(', ')}) VALUES (${SPAN_COLUMNS.map(() => '?').join(', ')})`);
  const writeBatch = db.transaction((rows, trace) => {
    for (const template of rows) {
      const values = template.slice();
      for (const i of ids) if (typeof values[i] === 'string') values[i] = values[i].replaceAll('@TRACE@', trace);
      insert.run(values);
    }
  });
  let rows = 0;
  let n = 0;
  const began = performance.now();
  const deadline = began + durationMs;
  while (performance.now() < deadline) {
    const batch = batches[n % batches.length];
    writeBatch(batch, `raw-${n++}`);
    rows += batch.length;
  }
  const seconds = (performance.now() - began) / 1000;
  db.exec('DROP TABLE raw_spans');
  db.close();
  return { rows, seconds, rowsPerSecond: rows / seconds };
}

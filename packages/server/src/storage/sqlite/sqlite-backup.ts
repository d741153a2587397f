/** SQLite side of backup and restore: an online backup (SQLite's backup API) read table by table, and a one-transaction loader. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  fromArchiveValue,
  quoteIdent,
  toArchiveValue,
  UNARCHIVED_TABLES,
  type ColumnClass,
  type LoadTable,
  type RestoreTarget,
  type SnapshotSource,
  type TableShape,
} from '../backup/table-io.js';

/** Tables worth archiving: not SQLite's own, not a virtual table (FTS) or its shadow tables, not migration bookkeeping. */
function archivedTables(db: Database.Database): TableShape[] {
  const all = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string; sql: string | null }>;
  const virtual = all.filter((t) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  return all
    .filter((t) => !t.name.startsWith('sqlite_') && !UNARCHIVED_TABLES.has(t.name))
    .filter((t) => !virtual.some((v) => t.name === v || t.name.startsWith(`${v}_`)))
    .map((t) => ({
      name: t.name,
      columns: (db.prepare(`PRAGMA table_info(${quoteIdent(t.name)})`).all() as Array<{ name: string; type: string }>).map((c) => ({ name: c.name, type: c.type })),
    }));
}

/**
 * Copies the live database at `file` with SQLite's online backup API into `workDir` (in one step, so
 * the copy is one consistent read while the server keeps writing), then reads the copy.
 */
export async function openSqliteSnapshot(file: string, workDir: string): Promise<SnapshotSource> {
  if (!fs.existsSync(file)) throw new Error(`No Trace Hub database at ${file}; run this with the server's TRACEHUB_DATA_DIR or TRACEHUB_DATABASE_URL.`);
  const copy = path.join(workDir, 'snapshot.db');
  const live = new Database(file, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    // A page count above any database's size: the copy is taken in a single step.
    await live.backup(copy, { progress: () => 0x7fffffff });
  } finally {
    live.close();
  }
  const db = new Database(copy, { fileMustExist: true });
  db.pragma('journal_mode = DELETE');
  db.defaultSafeIntegers(true);
  const hasMigrations = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
  const migrations = hasMigrations ? (db.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all() as string[]) : [];
  return {
    backend: 'sqlite',
    migrations,
    tables: archivedTables(db),
    async *rows(table) {
      const cols = table.columns.map((c) => quoteIdent(c.name)).join(', ');
      for (const row of db.prepare(`SELECT ${cols} FROM ${quoteIdent(table.name)}`).raw(true).iterate() as Iterable<unknown[]>) {
        yield row.map(toArchiveValue);
      }
    },
    async close() {
      db.close();
    },
  };
}

const classOf = (declared: string): ColumnClass => {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'int';
  if (t.includes('REAL') || t.includes('FLOA') || t.includes('DOUB')) return 'float';
  if (t.includes('TEXT') || t.includes('CHAR')) return 'text';
  if (t.includes('BLOB')) return 'blob';
  return 'any';
};

/** The SQLite database at `file` (migrated) as a restore target. */
export function openSqliteTarget(file: string): RestoreTarget {
  const db = new Database(file, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const tables = () => archivedTables(db);
  const nonEmpty = () => tables().filter((t) => db.prepare(`SELECT 1 FROM ${quoteIdent(t.name)} LIMIT 1`).get() !== undefined).map((t) => t.name);
  return {
    backend: 'sqlite',
    async nonEmptyTables() {
      return nonEmpty();
    },
    async load(input: LoadTable[]) {
      const shapes = new Map(tables().map((t) => [t.name, new Map(t.columns.map((c) => [c.name, classOf(c.type)]))]));
      const loaded: Record<string, number> = {};
      db.exec('BEGIN IMMEDIATE');
      try {
        // Rows arrive table by table; references are checked once, at commit.
        db.pragma('defer_foreign_keys = ON');
        const busy = nonEmpty();
        if (busy.length) throw new Error(`the target store is not empty (${busy.join(', ')})`);
        for (const table of input) {
          const shape = shapes.get(table.name);
          if (!shape) throw new Error(`table ${table.name} does not exist in the target store`);
          const classes = table.columns.map((c) => {
            const cls = shape.get(c);
            if (!cls) throw new Error(`column ${table.name}.${c} does not exist in the target store`);
            return cls;
          });
          const insert = db.prepare(
            `INSERT INTO ${quoteIdent(table.name)} (${table.columns.map(quoteIdent).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`,
          );
          let count = 0;
          for await (const row of table.rows) {
            insert.run(row.map((v, i) => fromArchiveValue(v, classes[i] as ColumnClass, 'sqlite')));
            count++;
          }
          loaded[table.name] = count;
        }
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
      return loaded;
    },
    async close() {
      db.close();
    },
  };
}

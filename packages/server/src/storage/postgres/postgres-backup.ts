/** PostgreSQL side of backup and restore: one REPEATABLE READ READ ONLY snapshot read through cursors, and a one-transaction loader. */
import pg from 'pg';
import {
  fromArchiveValue,
  orderByDependencies,
  quoteIdent,
  toArchiveValue,
  UNARCHIVED_TABLES,
  type ColumnClass,
  type LoadTable,
  type RestoreTarget,
  type SnapshotSource,
  type TableShape,
} from '../backup/table-io.js';
import { ROLLUP_TABLES } from '../sql/rollup-tables.js';

// Rollups live in `<name>_base` plus `<name>_pending` deltas behind a view `<name>` (migrations-rollups.ts);
// the archive carries each as the table `<name>`, folded, as SQLite stores it.
const ROLLUPS = new Map(ROLLUP_TABLES.map((t) => [t.table, t]));
const rollupOf = (table: string) => ROLLUPS.get(table.replace(/_(base|pending)$/, ''));

// Exact values: BIGINT and NUMERIC as text (made numbers when safe), JSON and times as their text.
const RAW = (v: string) => v;
const PARSERS: Record<number, (value: string) => unknown> = { 20: (v) => BigInt(v), 1700: RAW, 114: RAW, 3802: RAW, 1114: RAW, 1184: RAW, 1082: RAW };
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

async function connect(connectionString: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString, types });
  await client.connect();
  return client;
}

async function archivedTables(client: pg.Client): Promise<TableShape[]> {
  const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, TableShape>();
  for (const r of rows) {
    if (UNARCHIVED_TABLES.has(r.table_name) || r.table_name.endsWith('_pending')) continue;
    const name = rollupOf(r.table_name) ? r.table_name.replace(/_base$/, '') : r.table_name;
    const table = tables.get(name) ?? { name, columns: [] };
    table.columns.push({ name: r.column_name, type: r.data_type });
    tables.set(name, table);
  }
  return [...tables.values()];
}

/** The rows of an archived table; a rollup folded from its view (base and pending deltas, summed by key). */
function selectRows(table: TableShape): string {
  const cols = table.columns.map((c) => quoteIdent(c.name));
  const rollup = ROLLUPS.get(table.name);
  if (!rollup) return `SELECT ${cols.join(', ')} FROM ${quoteIdent(table.name)}`;
  const select = table.columns.map((c) =>
    rollup.key.includes(c.name as never) ? quoteIdent(c.name) : `CAST(sum(${quoteIdent(c.name)}) AS ${c.type === 'double precision' ? 'double precision' : 'bigint'})`,
  );
  return `SELECT ${select.join(', ')} FROM ${quoteIdent(table.name)} GROUP BY ${rollup.key.map(quoteIdent).join(', ')}`;
}

/** Opens one snapshot transaction on the database at `connectionString`: every table is read as of the same moment. */
export async function openPostgresSnapshot(connectionString: string): Promise<SnapshotSource> {
  const client = await connect(connectionString);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const tables = await archivedTables(client);
    const hasMigrations = (await client.query("SELECT to_regclass('kysely_migration') AS t")).rows[0]?.t;
    const migrations = hasMigrations ? (await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name')).rows.map((r) => r.name) : [];
    return {
      backend: 'postgres',
      migrations,
      tables,
      async *rows(table) {
        await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR ${selectRows(table)}`);
        try {
          for (;;) {
            const { rows } = await client.query<unknown[]>({ text: 'FETCH 2000 FROM backup_rows', rowMode: 'array' });
            if (!rows.length) break;
            for (const row of rows) yield row.map(toArchiveValue);
          }
        } finally {
          await client.query('CLOSE backup_rows');
        }
      },
      async close() {
        await client.query('ROLLBACK').catch(() => undefined);
        await client.end();
      },
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

const classOf = (dataType: string): ColumnClass => {
  if (dataType === 'boolean') return 'bool';
  if (dataType === 'json' || dataType === 'jsonb') return 'json';
  if (['bigint', 'integer', 'smallint'].includes(dataType)) return 'int';
  if (['double precision', 'real', 'numeric'].includes(dataType)) return 'float';
  if (dataType === 'bytea') return 'blob';
  return 'text';
};

// PostgreSQL takes at most 65,535 parameters per statement.
const MAX_PARAMS = 30_000;

/** The (migrated) PostgreSQL database at `connectionString` as a restore target. */
export async function openPostgresTarget(connectionString: string): Promise<RestoreTarget> {
  const client = await connect(connectionString);
  const nonEmpty = async (tables: TableShape[]) => {
    const busy: string[] = [];
    for (const t of tables) if ((await client.query(`SELECT 1 FROM ${quoteIdent(t.name)} LIMIT 1`)).rowCount) busy.push(t.name);
    return busy;
  };
  return {
    backend: 'postgres',
    async nonEmptyTables() {
      return nonEmpty(await archivedTables(client));
    },
    async load(input: LoadTable[]) {
      const loaded: Record<string, number> = {};
      await client.query('BEGIN');
      try {
        const tables = await archivedTables(client);
        const busy = await nonEmpty(tables);
        if (busy.length) throw new Error(`the target store is not empty (${busy.join(', ')})`);
        const shapes = new Map(tables.map((t) => [t.name, new Map(t.columns.map((c) => [c.name, classOf(c.type)]))]));
        const stored = (name: string) => (ROLLUPS.has(name) ? `${name}_base` : name);
        const { rows: refs } = await client.query<{ table: string; references: string }>(
          `SELECT c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS references
             FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace`,
        );
        const byName = new Map(input.map((t) => [t.name, t]));
        for (const name of orderByDependencies(input.map((t) => t.name), refs)) {
          const table = byName.get(name) as LoadTable;
          const shape = shapes.get(name);
          if (!shape) throw new Error(`table ${name} does not exist in the target store`);
          const classes = table.columns.map((c) => {
            const cls = shape.get(c);
            if (!cls) throw new Error(`column ${name}.${c} does not exist in the target store`);
            return cls;
          });
          const head = `INSERT INTO ${quoteIdent(stored(name))} (${table.columns.map(quoteIdent).join(', ')}) VALUES `;
          const perBatch = Math.max(1, Math.min(1000, Math.floor(MAX_PARAMS / table.columns.length)));
          let batch: unknown[][] = [];
          const flush = async () => {
            if (!batch.length) return;
            const n = table.columns.length;
            const values = batch.map((_, r) => `(${table.columns.map((__, c) => `$${r * n + c + 1}`).join(', ')})`).join(', ');
            await client.query(head + values, batch.flat());
            batch = [];
          };
          let count = 0;
          for await (const row of table.rows) {
            batch.push(row.map((v, i) => fromArchiveValue(v, classes[i] as ColumnClass, 'postgres')));
            count++;
            if (batch.length >= perBatch) await flush();
          }
          await flush();
          loaded[name] = count;
        }
        // Identity sequences (BIGSERIAL) continue after the restored rows.
        const { rows: serials } = await client.query<{ table_name: string; column_name: string }>(
          `SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'`,
        );
        for (const s of serials) {
          if (!(s.table_name in loaded)) continue;
          await client.query(
            `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT max(${quoteIdent(s.column_name)}) FROM ${quoteIdent(s.table_name)}), 0) + 1, false)`,
            [s.table_name, s.column_name],
          );
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
      return loaded;
    },
    async close() {
      await client.end();
    },
  };
}

/**
 * The rollup tables the migrations created match their one description (sql/rollup-tables.ts), on
 * both backends: the same columns in the same order, keyed by the described key. The migrations are
 * history and stay as written; this is what keeps the description and them in step.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../sqlite/migrations.js';
import { POSTGRES_MIGRATIONS } from '../postgres/migrations.js';
import { ROLLUP_TABLES, rollupColumns } from '../sql/rollup-tables.js';
import { BACKENDS } from './backends.js';
import { createTestDatabase, tempDir } from './test-databases.js';

/** Every statement of every migration, in the order the migrator applies them (by name). */
const inOrder = (all: Record<string, string[]>) => Object.keys(all).sort().flatMap((name) => all[name]);

describe('rollup tables match their description', () => {
  it.runIf(BACKENDS.includes('sqlite'))('on SQLite', () => {
    const db = new Database(path.join(tempDir(), 'tracehub.db'));
    try {
      for (const statement of inOrder(SQLITE_MIGRATIONS)) db.exec(statement);
      for (const rollup of ROLLUP_TABLES) {
        const columns = db.prepare(`PRAGMA table_info(${rollup.table})`).all() as { name: string; pk: number }[];
        expect(columns.map((c) => c.name), rollup.table).toEqual(rollupColumns(rollup));
        const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
        expect(key, rollup.table).toEqual([...rollup.key]);
      }
    } finally {
      db.close();
    }
  });

  it.runIf(BACKENDS.includes('postgres'))('on PostgreSQL (base, pending and the view over both)', async () => {
    const client = new pg.Client({ connectionString: await createTestDatabase() });
    await client.connect();
    try {
      for (const statement of inOrder(POSTGRES_MIGRATIONS)) await client.query(statement);
      for (const rollup of ROLLUP_TABLES) {
        for (const relation of [rollup.table, `${rollup.table}_base`, `${rollup.table}_pending`]) {
          const { rows } = await client.query(
            `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`, [relation]);
          expect(rows.map((r) => r.column_name), relation).toEqual(rollupColumns(rollup));
        }
        const { rows: key } = await client.query(
          `SELECT a.attname FROM pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
           WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY k.n`, [`${rollup.table}_base`]);
        expect(key.map((r) => r.attname), rollup.table).toEqual([...rollup.key]);
      }
    } finally {
      await client.end();
    }
  });
});

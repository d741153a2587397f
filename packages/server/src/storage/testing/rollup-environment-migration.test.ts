/**
 * Migration 0021 on rows written before it, on both backends: latency rows of a trace series take
 * the environment from the series name, span and span-type rows (which cannot be split) keep
 * environment '' and so count as non-experiment traffic; PostgreSQL's pending rows move too.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../sqlite/migrations.js';
import { POSTGRES_MIGRATIONS } from '../postgres/migrations.js';
import { BACKENDS } from './backends.js';
import { createTestDatabase, tempDir } from './test-databases.js';

/** The statements of every migration before 0021, then those of 0021, in the migrator's order. */
const split = (all: Record<string, string[]>) => {
  const names = Object.keys(all).sort();
  return { before: names.filter((n) => n < '0021').flatMap((n) => all[n]), migration: all['0021_rollup_environment'] };
};

/** Rows as the old schema held them (`suffix`: PostgreSQL's `_base` or `_pending`). */
const OLD_ROWS = (suffix: string) => [
  `INSERT INTO rollup_spans${suffix} VALUES ('p', 60000000, 'm', 3, 1, 10, 5, 15, 0.5)`,
  `INSERT INTO rollup_span_types${suffix} VALUES ('p', 60000000, 'graph', 2, 0)`,
  `INSERT INTO rollup_latency${suffix} VALUES ('p', 0, 'trace:experiment', 30, 4)`,
  `INSERT INTO rollup_latency${suffix} VALUES ('p', 0, 'span:m', 30, 2)`,
];
// Summed per key, as the views read base and pending together on PostgreSQL.
const SELECTS = {
  spans: 'SELECT environment, model, CAST(sum(spans) AS INTEGER) AS spans FROM rollup_spans GROUP BY environment, model',
  spanTypes: 'SELECT environment, span_type, CAST(sum(spans) AS INTEGER) AS spans FROM rollup_span_types GROUP BY environment, span_type',
  latency: 'SELECT environment, series, CAST(sum(count) AS INTEGER) AS count FROM rollup_latency GROUP BY environment, series ORDER BY series DESC',
};
const EXPECTED = (n: number) => ({
  spans: [{ environment: '', model: 'm', spans: 3 * n }],
  spanTypes: [{ environment: '', span_type: 'graph', spans: 2 * n }],
  latency: [{ environment: 'experiment', series: 'trace:experiment', count: 4 * n }, { environment: '', series: 'span:m', count: 2 * n }],
});

describe('migration 0021 keeps the rollup rows written before it', () => {
  it.runIf(BACKENDS.includes('sqlite'))('on SQLite', () => {
    const db = new Database(path.join(tempDir(), 'tracehub.db'));
    try {
      const { before, migration } = split(SQLITE_MIGRATIONS);
      for (const statement of [...before, ...OLD_ROWS(''), ...migration]) db.exec(statement);
      const read = (q: string) => db.prepare(q).all();
      expect({ spans: read(SELECTS.spans), spanTypes: read(SELECTS.spanTypes), latency: read(SELECTS.latency) }).toEqual(EXPECTED(1));
    } finally {
      db.close();
    }
  });

  it.runIf(BACKENDS.includes('postgres'))('on PostgreSQL (base and pending rows)', async () => {
    const client = new pg.Client({ connectionString: await createTestDatabase() });
    await client.connect();
    try {
      const { before, migration } = split(POSTGRES_MIGRATIONS);
      for (const statement of [...before, ...OLD_ROWS('_base'), ...OLD_ROWS('_pending'), ...migration]) await client.query(statement);
      const read = async (q: string) => (await client.query(q)).rows;
      expect({ spans: await read(SELECTS.spans), spanTypes: await read(SELECTS.spanTypes), latency: await read(SELECTS.latency) }).toEqual(EXPECTED(2));
    } finally {
      await client.end();
    }
  });
});

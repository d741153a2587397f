/** Fresh stores for tests: a SQLite file in a temp dir, or a new database on the test PostgreSQL server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Store } from '../store.js';
import { createSqliteStore } from '../sqlite/sqlite-store.js';
import { createPostgresStore } from '../postgres/postgres-store.js';

/** The backends every contract test runs on. */
export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

/** A temp directory removed by `cleanup`. */
export function tempDir(prefix = 'tracehub-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A new empty PostgreSQL database on the test server; answers its URL. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = inject('postgresUrl');
  const name = `th_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** An unmigrated store of the given backend, with its own empty database. */
export async function createTestStore(backend: Backend, options: { now?: () => number } = {}): Promise<Store> {
  if (backend === 'sqlite') return createSqliteStore({ file: path.join(tempDir(), 'tracehub.db'), now: options.now });
  return createPostgresStore({ connectionString: await createTestDatabase(), maxConnections: 4, now: options.now });
}

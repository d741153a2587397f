/** Scratch places for test data: temp directories and new databases on the test PostgreSQL server. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A new temp directory (under the OS temp dir; the OS removes it). */
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

/** Safe defaults: the bootstrap-key warning, key prefixes that never are the key, private database files. */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../src/server.js';
import { keyPrefix } from '../src/auth/api-keys.js';
import { listensBeyondLoopback } from '../src/auth/bootstrap-key-warning.js';
import { runMigrations } from '../src/storage/sql/migrator.js';
import { SQLITE_MIGRATIONS } from '../src/storage/sqlite/migrations.js';
import { POSTGRES_MIGRATIONS } from '../src/storage/postgres/migrations.js';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { BACKENDS, createTestDatabase, createTestStore, tempDir } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { call, testConfig } from './helpers.js';

/** Starts a server whose JSON log lines are collected in `lines`. */
async function startWithLog(host: string, bootstrapKey = 'dev-key') {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      done();
    },
  });
  const store = await createTestStore('sqlite');
  const server = await createServer(testConfig({ host, bootstrapKey, ingestWorker: false }), { store, logger: { level: 'info', stream } });
  return { server, lines };
}

const warnings = (lines: Array<{ level: number; msg: string }>) => lines.filter((l) => l.level >= 40 && /bootstrap API key/.test(l.msg));

describe('bootstrap key warning', () => {
  it('is logged while dev-key is active and the server listens on 0.0.0.0, and gone once it is revoked', async () => {
    const { server, lines } = await startWithLog('0.0.0.0');
    let open = true;
    try {
      expect(warnings(lines)).toHaveLength(1);
      expect(warnings(lines)[0].msg).toMatch(/SECURITY WARNING: the default bootstrap API key "dev-key" is still active.*0\.0\.0\.0/);
      // An own admin key, then revoke dev-key: the next start is quiet.
      const own = await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'ops', scopes: ['admin'] });
      expect(own.status).toBe(201);
      const keys = await call(server.app, 'GET', '/api/v1/admin/keys');
      const bootstrap = keys.body.items.find((k: { name: string }) => k.name === 'default admin key');
      expect((await call(server.app, 'DELETE', `/api/v1/admin/keys/${bootstrap.key_id}`, undefined, own.body.key)).status).toBe(200);
      const file = server.store.ingestWorkerTarget!.file;
      await server.close();
      open = false;
      lines.length = 0;
      const again = await createServer(testConfig({ host: '0.0.0.0', ingestWorker: false }), {
        store: createSqliteStore({ file }),
        logger: { level: 'info', stream: new Writable({ write: (c, _e, done) => (lines.push(...String(c).trim().split('\n').map((l) => JSON.parse(l))), done()) }) },
      });
      await again.close();
      expect(warnings(lines)).toHaveLength(0);
    } finally {
      if (open) await server.close();
    }
  });

  it('names a custom bootstrap key too, and stays quiet on loopback', async () => {
    const custom = await startWithLog('192.168.10.5', 'a-custom-bootstrap-key');
    await custom.server.close();
    expect(warnings(custom.lines)).toHaveLength(1);
    expect(warnings(custom.lines)[0].msg).toMatch(/TRACEHUB_BOOTSTRAP_KEY.*192\.168\.10\.5/);
    for (const host of ['127.0.0.1', 'localhost', '::1']) {
      const quiet = await startWithLog(host);
      await quiet.server.close();
      expect(warnings(quiet.lines), host).toHaveLength(0);
    }
    expect(['0.0.0.0', '::', '10.0.0.1', 'tracehub.internal'].every(listensBeyondLoopback)).toBe(true);
    expect(['127.0.0.1', '127.1.2.3', '::1', 'LOCALHOST'].some(listensBeyondLoopback)).toBe(false);
  });
});

describe('stored key prefixes', () => {
  it('are never the whole key, for any key length', () => {
    for (let length = 1; length <= 64; length++) {
      const key = 'k'.repeat(length);
      expect(keyPrefix(key), `length ${length}`).not.toBe(key);
      expect(keyPrefix(key).length).toBeLessThan(Math.max(length, 5));
    }
    expect(keyPrefix('dev-key')).toBe('d***');
    expect(keyPrefix('th_abcdefghijklmnopqrstuvwxyz0123456789ABCD')).toBe('th_abcde');
  });

  it('the API shows a masked dev-key and an 8-character prefix of a generated key', async () => {
    const store = await createTestStore('sqlite');
    const server = await createServer(testConfig({ ingestWorker: false }), { store, logger: false });
    try {
      const created = await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'ci', scopes: ['ingest'] });
      expect(created.body.key_prefix).toBe(created.body.key.slice(0, 8));
      const keys = (await call(server.app, 'GET', '/api/v1/admin/keys')).body.items as Array<{ name: string; key_prefix: string }>;
      expect(keys.find((k) => k.name === 'default admin key')?.key_prefix).toBe('d***');
      expect(JSON.stringify(keys)).not.toContain('dev-key');
    } finally {
      await server.close();
    }
  });

  describe.each(BACKENDS)('migration 0012_key_prefix on %s', (backend) => {
    let db: Kysely<any>;
    let close: () => Promise<void>;
    const migrations = backend === 'sqlite' ? SQLITE_MIGRATIONS : POSTGRES_MIGRATIONS;
    beforeAll(async () => {
      if (backend === 'sqlite') {
        const raw = new Database(path.join(tempDir(), 'tracehub.db'));
        db = new Kysely({ dialect: new SqliteDialect({ database: raw }) });
      } else {
        db = new Kysely({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: await createTestDatabase(), max: 2 }) }) });
      }
      close = () => db.destroy();
    });
    afterAll(async () => close());

    it('masks stored prefixes that may be whole keys and keeps generated ones', async () => {
      const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0012_key_prefix'));
      await runMigrations(db, before);
      await sql`insert into projects (project_id, name, created_at) values ('p1', 'default', 1)`.execute(db);
      const rows: Array<[string, string, string]> = [
        ['k1', 'default admin key', 'dev-key'],
        ['k2', 'default admin key 2', 'abcdefgh'],
        ['k3', 'ci', 'th_AbCdE'],
        ['k4', 'short', 'th_x'],
      ];
      for (const [id, name, prefix] of rows) {
        const scopes = backend === 'sqlite' ? '["admin"]' : sql`'["admin"]'::jsonb`;
        await sql`insert into api_keys (key_id, project_id, name, key_hash, key_prefix, scopes, created_at)
          values (${id}, 'p1', ${name}, ${`h-${id}`}, ${prefix}, ${scopes}, 1)`.execute(db);
      }
      const report = await runMigrations(db, migrations);
      expect(report.applied).toContain('0012_key_prefix');
      const after = await sql<{ key_id: string; key_prefix: string }>`select key_id, key_prefix from api_keys order by key_id`.execute(db);
      expect(after.rows).toEqual([
        { key_id: 'k1', key_prefix: 'd***' },
        { key_id: 'k2', key_prefix: 'a***' },
        { key_id: 'k3', key_prefix: 'th_AbCdE' },
        { key_id: 'k4', key_prefix: 't***' },
      ]);
    });
  });
});

describe('database files', () => {
  let server: RunningServer | undefined;
  afterAll(async () => server?.close());

  it('the data directory is created 0700 and the db, wal and shm files are 0600', async () => {
    const dataDir = path.join(tempDir(), 'nested', 'data');
    const previous = process.umask(0o022);
    try {
      server = await createServer(testConfig({ dataDir, ingestWorker: true }), { logger: false });
    } finally {
      process.umask(previous);
    }
    const ingest = await call(server.app, 'POST', '/api/v1/ingest/traces', {
      trace: { trace_id: 'file-mode-1', status: 'success', start_time: '2026-02-07T10:00:00Z', end_time: '2026-02-07T10:00:01Z' },
    });
    expect(ingest.status).toBe(200);
    const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
    expect(mode(dataDir)).toBe('700');
    const db = path.join(dataDir, 'tracehub.db');
    for (const file of [db, `${db}-wal`, `${db}-shm`]) expect(mode(file), file).toBe('600');
  });

  it('narrows an existing database file that was group- and world-readable', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tracehub.db');
    fs.writeFileSync(file, '');
    fs.chmodSync(file, 0o644);
    const store = createSqliteStore({ file });
    await store.migrate();
    await store.close();
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
  });
});

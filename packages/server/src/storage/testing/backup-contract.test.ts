/**
 * Backup and restore (issue 18): `tracehub backup` while a built server keeps ingesting, on each
 * backend, restored with `tracehub restore` into a new SQLite store and a new PostgreSQL database:
 * the same per-table row counts and content (booleans, JSON, big integers compared as values), the
 * snapshot consistent (every trace's span_count equals its spans), and the refusals: a corrupted
 * part (named), a newer schema, a non-empty target — each one CLI line with a non-zero exit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { oneLineError, runCli } from '../../../test/cli-harness.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../../../test/process.js';
import { packArchive, readPart, unpackArchive, type Manifest, type UnpackedArchive } from '../../backup/archive.js';
import { ALL_BACKENDS, type Backend } from './backends.js';
import { createTestDatabase, tempDir } from './test-databases.js';

const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => stopServerProcess(s)));
});

async function newStoreEnv(backend: Backend): Promise<Record<string, string>> {
  return backend === 'sqlite' ? { TRACEHUB_DATA_DIR: tempDir() } : { TRACEHUB_DATABASE_URL: await createTestDatabase() };
}

async function post(server: ServerProcess, url: string, body: unknown): Promise<void> {
  const response = await fetch(`${server.url}/api/v1${url}`, {
    method: 'POST',
    headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status >= 300) throw new Error(`${url}: ${response.status} ${await response.text()}`);
}

/** One trace with spans and an eval: booleans, JSON, large integers, unicode. */
async function ingestTrace(server: ServerProcess, n: number): Promise<void> {
  const trace_id = `trace-${n}`;
  await post(server, '/ingest/traces', {
    trace: { trace_id, name: `run ${n} 한국어`, user_review_passed: n % 2 === 0, attributes: { n, nested: { b: true, z: [1, 'x'] } }, tags: ['t', `n${n % 3}`] },
    spans: Array.from({ length: 5 }, (_, i) => ({
      span_id: `s${i}`,
      name: `step ${i}`,
      span_type: i === 0 ? 'llm' : 'tool',
      input: { prompt: `p${n}`, k: i },
      output: `out ${i}`,
      input_tokens: 900_000_000 + n,
      attributes: { 'a.b': i, flag: i % 2 === 0 },
      end_time: new Date(Date.UTC(2026, 0, 1, 0, 0, n % 60)).toISOString(),
    })),
  });
  await post(server, '/evals', { trace_id, eval_name: 'quality', score: n / 7, passed: n % 3 === 0, comment: { note: `c${n}` } });
}

async function backup(env: Record<string, string>, out: string): Promise<Manifest> {
  const run = await runCli(['backup', '--out', out], tempDir(), env);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return (await unpackArchive(out, tempDir())).manifest;
}

async function restore(env: Record<string, string>, file: string) {
  return runCli(['restore', file], tempDir(), env);
}

const stable = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]));
  return value;
};

/**
 * Per table: a sha256 over the rows as values (order-free): booleans as 0/1, JSON columns (known from
 * a PostgreSQL archive's column types) parsed with sorted keys, so the same content hashes the same
 * whichever backend wrote the archive.
 */
async function contentHashes(file: string, jsonColumns: Set<string>): Promise<Record<string, string>> {
  const archive: UnpackedArchive = await unpackArchive(file, tempDir());
  const hashes: Record<string, string> = {};
  for (const table of archive.manifest.tables) {
    const lines: string[] = [];
    for await (const row of readPart(archive, table)) {
      const values = row.map((v, i) => {
        const column = `${table.name}.${table.columns[i]?.name}`;
        if (typeof v === 'boolean') return v ? 1 : 0;
        if (jsonColumns.has(column) && typeof v === 'string') return stable(JSON.parse(v));
        return v;
      });
      lines.push(JSON.stringify(values));
    }
    lines.sort();
    hashes[table.name] = createHash('sha256').update(lines.join('\n')).digest('hex');
  }
  return hashes;
}

const jsonColumnsOf = (manifest: Manifest) =>
  new Set(manifest.tables.flatMap((t) => t.columns.filter((c) => c.type === 'jsonb' || c.type === 'json').map((c) => `${t.name}.${c.name}`)));
const counts = (manifest: Manifest) => Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));

/** Rewrites an archive: `edit` may change the manifest or the part files (unpacked as tables/<name>.ndjson.gz under dir). */
async function rewriteArchive(file: string, out: string, edit: (manifest: Manifest, dir: string) => void): Promise<void> {
  const archive = await unpackArchive(file, tempDir());
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'tables'));
  for (const [name, at] of archive.files) if (name !== 'manifest.json') fs.copyFileSync(at, path.join(dir, name));
  edit(archive.manifest, dir);
  await packArchive(out, archive.manifest, dir);
}

describe.each(ALL_BACKENDS)('backup of a %s server while it ingests', (source) => {
  it('restores into new SQLite and PostgreSQL stores with the same rows; refuses corrupted, newer and non-empty', { timeout: 180_000 }, async () => {
    const sourceEnv = await newStoreEnv(source);
    const server = await startServerProcess(sourceEnv);
    servers.push(server);
    for (let n = 0; n < 20; n++) await ingestTrace(server, n);

    // Ingestion keeps running while the backup is taken.
    let stop = false;
    let ingested = 20;
    const ingesting = (async () => {
      while (!stop) await ingestTrace(server, ingested++);
    })();
    const dir = tempDir();
    const archive = path.join(dir, 'backup.tar');
    const manifest = await backup(sourceEnv, archive);
    stop = true;
    await ingesting;
    expect(manifest.source_backend).toBe(source);
    expect(manifest.schema.migrations.length).toBeGreaterThan(10);
    const traceCount = counts(manifest).traces as number;
    expect(traceCount).toBeGreaterThanOrEqual(20);
    expect(ingested).toBeGreaterThan(traceCount);

    // One consistent snapshot: each trace's span_count equals its spans in the archive.
    const unpacked = await unpackArchive(archive, tempDir());
    const table = (name: string) => unpacked.manifest.tables.find((t) => t.name === name) as Manifest['tables'][number];
    const spanCounts = new Map<string, number>();
    const spans = table('spans');
    const spanTrace = spans.columns.findIndex((c) => c.name === 'trace_id');
    for await (const row of readPart(unpacked, spans)) spanCounts.set(String(row[spanTrace]), (spanCounts.get(String(row[spanTrace])) ?? 0) + 1);
    const traces = table('traces');
    const [tid, sc] = ['trace_id', 'span_count'].map((c) => traces.columns.findIndex((x) => x.name === c)) as [number, number];
    for await (const row of readPart(unpacked, traces)) expect(row[sc]).toBe(spanCounts.get(String(row[tid])) ?? 0);

    // Restore into a new store of each backend, back that up again, compare counts and content.
    const again: Record<string, Manifest> = {};
    const files: Record<string, string> = {};
    for (const target of ALL_BACKENDS) {
      const env = await newStoreEnv(target);
      const run = await restore(env, archive);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`Restored ${source} backup into the ${target} store`));
      files[target] = path.join(dir, `again-${target}.tar`);
      again[target] = await backup(env, files[target] as string);
      expect(counts(again[target] as Manifest)).toEqual(counts(manifest));
      // A second restore into the now non-empty store is refused and loads nothing.
      const refused = await restore(env, archive);
      expect(oneLineError(refused)).toMatch(/^error: restore failed: Refusing to restore into a store that holds data/);
    }
    const jsonColumns = jsonColumnsOf(again.postgres as Manifest);
    expect(jsonColumns.has('traces.attributes')).toBe(true);
    const expected = await contentHashes(archive, jsonColumns);
    for (const target of ALL_BACKENDS) expect(await contentHashes(files[target] as string, jsonColumns)).toEqual(expected);
    // The same backend writes the same parts byte for byte.
    const sameParts = (m: Manifest) => Object.fromEntries(m.tables.map((t) => [t.name, t.sha256]));
    expect(sameParts(again[source] as Manifest)).toEqual(sameParts(manifest));

    // A corrupted part is refused by name, before anything is loaded.
    const corrupted = path.join(dir, 'corrupted.tar');
    await rewriteArchive(archive, corrupted, (_, partsDir) => {
      const part = path.join(partsDir, 'tables/spans.ndjson.gz');
      const bytes = fs.readFileSync(part);
      bytes[Math.floor(bytes.length / 2)] ^= 0xff;
      fs.writeFileSync(part, bytes);
    });
    const emptyEnv = await newStoreEnv('sqlite');
    expect(oneLineError(await restore(emptyEnv, corrupted))).toMatch(/part tables\/spans\.ndjson\.gz is corrupted/);
    // A newer schema is refused.
    const newer = path.join(dir, 'newer.tar');
    await rewriteArchive(archive, newer, (m) => m.schema.migrations.push('9999_from_the_future'));
    expect(oneLineError(await restore(emptyEnv, newer))).toMatch(/newer schema.*9999_from_the_future/);
    // Not an archive at all.
    fs.writeFileSync(path.join(dir, 'junk.tar'), 'not a tar file at all');
    expect(oneLineError(await restore(emptyEnv, path.join(dir, 'junk.tar')))).toMatch(/^error: restore failed: /);
    expect(fs.existsSync(path.join(emptyEnv.TRACEHUB_DATA_DIR as string, 'tracehub.db'))).toBe(false);
  });
});

/** The archive format on its own: lossless values, parts verified by sha256, hostile parts refused in one line. */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, ArchiveError, packArchive, partName, readPart, unpackArchive, writePart, type Manifest } from './archive.js';
import { fromArchiveValue, orderByDependencies, toArchiveValue } from '../storage/backup/table-io.js';
import { tempDir } from '../storage/testing/test-databases.js';

async function* rowsOf(rows: unknown[][]) {
  yield* rows;
}

async function archiveWith(rows: unknown[][], tamper?: (partFile: string) => void): Promise<string> {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'tables'));
  const part = partName('things');
  const written = await writePart(path.join(dir, part), rowsOf(rows));
  if (tamper) {
    tamper(path.join(dir, part));
    written.sha256 = createHash('sha256').update(fs.readFileSync(path.join(dir, part))).digest('hex');
    written.bytes = fs.statSync(path.join(dir, part)).size;
  }
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    format_version: ARCHIVE_VERSION,
    created_at: new Date().toISOString(),
    source_backend: 'sqlite',
    schema: { migrations: ['0001_core'] },
    tables: [{ name: 'things', part, columns: [{ name: 'a', type: 'INTEGER' }, { name: 'b', type: 'TEXT' }], ...written }],
  };
  const file = path.join(dir, 'a.tar');
  await packArchive(file, manifest, dir);
  return file;
}

async function readAll(file: string): Promise<unknown[][]> {
  const archive = await unpackArchive(file, tempDir());
  const out: unknown[][] = [];
  for await (const row of readPart(archive, archive.manifest.tables[0] as Manifest['tables'][number])) out.push(row);
  return out;
}

describe('backup archive', () => {
  it('keeps 64-bit integers, non-finite floats, booleans and long unicode text exactly', async () => {
    const big = 2n ** 62n + 7n;
    const values = [big, Number.POSITIVE_INFINITY, true, 'é한'.repeat(50_000)].map(toArchiveValue);
    const rows = await readAll(await archiveWith([[values[0], values[3]], [values[1], values[2]]]));
    expect(fromArchiveValue(rows[0]?.[0], 'int', 'sqlite')).toBe(big);
    expect(fromArchiveValue(rows[0]?.[0], 'int', 'postgres')).toBe(big.toString());
    expect(rows[0]?.[1]).toBe('é한'.repeat(50_000));
    expect(fromArchiveValue(rows[1]?.[0], 'float', 'sqlite')).toBe(Number.POSITIVE_INFINITY);
    expect(fromArchiveValue(rows[1]?.[1], 'int', 'sqlite')).toBe(1);
    expect(fromArchiveValue(1, 'bool', 'postgres')).toBe(true);
    expect(fromArchiveValue('{"a":1}', 'json', 'postgres')).toBe('{"a":1}');
  });

  it('refuses a part that is not gzip, or rows of the wrong shape, in one ArchiveError naming the part', async () => {
    const notGzip = await archiveWith([[1, 'x']], (file) => fs.writeFileSync(file, 'plain text'));
    await expect(readAll(notGzip)).rejects.toThrow(ArchiveError);
    await expect(readAll(notGzip)).rejects.toThrow(/part tables\/things\.ndjson\.gz/);
    const wrongShape = await archiveWith([[1, 'x', 'extra']]);
    await expect(readAll(wrongShape)).rejects.toThrow(/row 1 does not have 2 values/);
  });

  it('orders tables after the tables they reference', () => {
    expect(orderByDependencies(['members', 'users', 'projects'], [{ table: 'members', references: 'users' }, { table: 'members', references: 'projects' }])).toEqual([
      'users',
      'projects',
      'members',
    ]);
  });
});

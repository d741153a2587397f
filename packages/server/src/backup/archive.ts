/**
 * The backup archive: one tar file holding `manifest.json` (format, schema version, and per table its
 * part, columns, row count and sha256) and one gzip'd NDJSON part per table (`tables/<name>.ndjson.gz`,
 * one JSON array of column values per row). Written with tar-stream; nothing is trusted on reading.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { z } from 'zod';
import { IDENTIFIER } from '../storage/backup/table-io.js';

/** The manifest's `format` value. */
export const ARCHIVE_FORMAT = 'tracehub-backup';
/** The manifest layout this version writes and reads. */
export const ARCHIVE_VERSION = 1;

const identifier = z.string().regex(IDENTIFIER);
const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  format_version: z.number().int(),
  created_at: z.string(),
  source_backend: z.enum(['sqlite', 'postgres']),
  schema: z.object({ migrations: z.array(z.string().min(1).max(200)) }),
  tables: z.array(
    z.object({
      name: identifier,
      part: z.string(),
      columns: z.array(z.object({ name: identifier, type: z.string().max(100) })).min(1),
      rows: z.number().int().min(0),
      sha256: z.string().regex(/^[0-9a-f]{64}$/),
      bytes: z.number().int().min(0),
    }),
  ),
});

/** The archive's manifest. */
export type Manifest = z.infer<typeof manifestSchema>;
/** One table's entry in the manifest. */
export type ManifestTable = Manifest['tables'][number];

/** The part name of a table. */
export const partName = (table: string): string => `tables/${table}.ndjson.gz`;

/** Writes `rows` as a gzip'd NDJSON part at `file`; answers its row count, sha256 and size. */
export async function writePart(file: string, rows: AsyncIterable<unknown[]>): Promise<{ rows: number; sha256: string; bytes: number }> {
  const gzip = zlib.createGzip({ level: 6 });
  const hash = createHash('sha256');
  let bytes = 0;
  gzip.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  const done = pipeline(gzip, fs.createWriteStream(file, { mode: 0o600 }));
  let count = 0;
  for await (const row of rows) {
    if (!gzip.write(`${JSON.stringify(row)}\n`)) await once(gzip, 'drain');
    count++;
  }
  gzip.end();
  await done;
  return { rows: count, sha256: hash.digest('hex'), bytes };
}

/** Packs the manifest and the parts (files in `partsDir` named by their part) into `outFile`. */
export async function packArchive(outFile: string, manifest: Manifest, partsDir: string): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, fs.createWriteStream(outFile, { mode: 0o600 }));
  const json = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  pack.entry({ name: 'manifest.json', size: json.length, mode: 0o600 }, json);
  for (const table of manifest.tables) {
    const entry = pack.entry({ name: table.part, size: table.bytes, mode: 0o600 });
    await pipeline(fs.createReadStream(path.join(partsDir, table.part)), entry);
  }
  pack.finalize();
  await written;
}

/** Why an archive is refused: one line for the operator. */
export class ArchiveError extends Error {}

/**
 * Unpacks `file` into `workDir`, validates the manifest and verifies every part's sha256 and size
 * before anything is loaded; answers the manifest. A bad part is refused by name.
 */
export async function unpackArchive(file: string, workDir: string): Promise<UnpackedArchive> {
  if (!fs.existsSync(file)) throw new ArchiveError(`No backup archive at ${file}`);
  const extract = tar.extract();
  const files = new Map<string, string>();
  let index = 0;
  const reading = pipeline(fs.createReadStream(file), extract).catch((error: unknown) => {
    throw new ArchiveError(`${file} is not a Trace Hub backup archive (${error instanceof Error ? error.message : String(error)})`);
  });
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (name !== 'manifest.json' && !/^tables\/[a-z0-9_]+\.ndjson\.gz$/.test(name)) {
        entry.resume();
        throw new ArchiveError(`${file} is not a Trace Hub backup archive (unexpected entry ${JSON.stringify(name.slice(0, 100))})`);
      }
      const target = path.join(workDir, `part-${index++}`);
      await pipeline(entry, fs.createWriteStream(target, { mode: 0o600 }));
      files.set(name, target);
    }
  } catch (error) {
    extract.destroy();
    await reading.catch(() => undefined);
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`${file} is not a Trace Hub backup archive (${error instanceof Error ? error.message : String(error)})`);
  }
  await reading;
  const manifestFile = files.get('manifest.json');
  if (!manifestFile) throw new ArchiveError(`${file} is not a Trace Hub backup archive (no manifest.json)`);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  } catch {
    throw new ArchiveError(`${file}: manifest.json is not valid JSON`);
  }
  const format = (raw as { format?: unknown; format_version?: unknown } | null) ?? {};
  if (format.format === ARCHIVE_FORMAT && typeof format.format_version === 'number' && format.format_version > ARCHIVE_VERSION) {
    throw new ArchiveError(`${file} was written by a newer Trace Hub (archive format ${format.format_version}); restore it with that version`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ArchiveError(`${file}: manifest.json is invalid (${issue?.path.join('.') || 'manifest'}: ${issue?.message})`);
  }
  const manifest = parsed.data;
  for (const table of manifest.tables) {
    if (table.part !== partName(table.name)) throw new ArchiveError(`${file}: manifest names part ${table.part} for table ${table.name}`);
    const partFile = files.get(table.part);
    if (!partFile) throw new ArchiveError(`${file}: part ${table.part} is missing`);
    const hash = createHash('sha256');
    await pipeline(fs.createReadStream(partFile), hash);
    if (hash.digest('hex') !== table.sha256) throw new ArchiveError(`${file}: part ${table.part} is corrupted (sha256 does not match the manifest)`);
  }
  return { manifest, files };
}

/** A verified archive unpacked into a work directory: its manifest and where each part's file is. */
export interface UnpackedArchive {
  manifest: Manifest;
  files: Map<string, string>;
}

/** The rows of a verified part, each checked to have the table's column count; the count is checked at the end. */
export async function* readPart(archive: UnpackedArchive, table: ManifestTable): AsyncIterable<unknown[]> {
  const file = archive.files.get(table.part);
  if (!file) throw new ArchiveError(`part ${table.part} is missing`);
  const gunzip = zlib.createGunzip();
  gunzip.setEncoding('utf8');
  const feeding = pipeline(fs.createReadStream(file), gunzip).catch(() => undefined);
  let count = 0;
  const parse = (line: string): unknown[] => {
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw new ArchiveError(`part ${table.part}: row ${count + 1} is not JSON`);
    }
    if (!Array.isArray(row) || row.length !== table.columns.length) throw new ArchiveError(`part ${table.part}: row ${count + 1} does not have ${table.columns.length} values`);
    count++;
    return row;
  };
  let rest = '';
  try {
    for await (const chunk of gunzip) {
      const lines = (rest + (chunk as string)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) if (line) yield parse(line);
    }
    if (rest) yield parse(rest);
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`part ${table.part}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    gunzip.destroy();
    await feeding;
  }
  if (count !== table.rows) throw new ArchiveError(`part ${table.part} holds ${count} rows, the manifest says ${table.rows}`);
}

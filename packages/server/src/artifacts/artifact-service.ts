/**
 * A run's artifacts: the files of its results folder (runner/results-layout.ts in evals), uploaded
 * with their manifest and kept in an artifact backend (disk or S3-compatible).
 *
 * Upload: the manifest first (`putManifest`, which replaces an earlier upload of the run), then each
 * file it lists (`putFile`), whose bytes must match the manifest's sha256 and size. Files are staged
 * in a temporary file while hashed, so a backend only ever holds verified bytes.
 *
 * Layout in the backend: `<project>/<run>/manifest.json` and `<project>/<run>/files/<path>`.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import mime from 'mime-types';
import { artifactManifestSchema, artifactPathProblem, type ArtifactList, type ArtifactManifest, type ArtifactView } from '@tracehub/core';
import { ConflictError, InvalidError, NotFoundError, TooLargeError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import type { ArtifactBackend } from './artifact-backend.js';

/** The manifest's own name in the results folder (it does not list itself). */
export const MANIFEST_PATH = 'manifest.json';

/** What the service needs. */
export interface ArtifactServiceOptions {
  backend: ArtifactBackend;
  /** Whether the project has this experiment run. */
  runExists(projectId: string, runId: string): Promise<boolean>;
  /** Largest file accepted, in bytes. */
  maxFileBytes: number;
  /** Artifacts older than this many days go at the next sweep; 0 keeps them. */
  retentionDays: number;
  /** Clock in milliseconds (default Date.now). */
  now?: () => number;
}

/** An artifact opened for download. */
export interface OpenedArtifact {
  body: Readable;
  bytes: number;
  contentType: string;
  /** The file's own name (last path segment), for Content-Disposition. */
  fileName: string;
}

// One key segment per id: percent-encoded, dots too, so no id can be "." or ".." or hold a "/".
const part = (value: string) => encodeURIComponent(value).replace(/\./g, '%2E');
const runPrefix = (projectId: string, runId: string) => `${part(projectId)}/${part(runId)}/`;

const EXTRA_TYPES: Record<string, string> = { '.jsonl': 'application/jsonl; charset=utf-8' };

/** The Content-Type of an artifact by its extension (mime-types), application/octet-stream when unknown. */
export function artifactContentType(file: string): string {
  const ext = path.extname(file).toLowerCase();
  return EXTRA_TYPES[ext] ?? ((ext && mime.contentType(ext)) || 'application/octet-stream');
}

function checkPath(file: string): void {
  const problem = artifactPathProblem(file);
  if (problem) throw new InvalidError(`artifact path ${JSON.stringify(file.slice(0, 200))} ${problem}`, { code: 'bad_artifact_path' });
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Creates the artifact service. */
export function createArtifactService(options: ArtifactServiceOptions) {
  const { backend } = options;
  const now = options.now ?? Date.now;
  const limitMb = Math.round((options.maxFileBytes / 1024 / 1024) * 10) / 10;

  async function requireRun(projectId: string, runId: string): Promise<void> {
    if (!(await options.runExists(projectId, runId))) throw new NotFoundError(`Experiment run "${runId}" does not exist in this project; store the run first.`);
  }

  async function readText(key: string): Promise<string | null> {
    const object = await backend.get(key);
    if (!object) return null;
    const chunks: Buffer[] = [];
    for await (const chunk of object.body) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  }

  async function storedManifest(projectId: string, runId: string): Promise<{ text: string; manifest: ArtifactManifest } | null> {
    const text = await readText(`${runPrefix(projectId, runId)}${MANIFEST_PATH}`);
    return text === null ? null : { text, manifest: artifactManifestSchema.parse(JSON.parse(text)) };
  }

  /** Streams `body` into a temporary file while hashing; stops at `limit` bytes. */
  async function stage(body: Readable, limit: number, what: string): Promise<{ file: string; bytes: number; sha256: string; cleanup: () => Promise<void> }> {
    const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tracehub-artifact-'));
    const file = path.join(dir, 'upload');
    const cleanup = () => fsp.rm(dir, { recursive: true, force: true });
    const hash = createHash('sha256');
    let bytes = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > limit) return done(new TooLargeError(`${what} is larger than ${limit} bytes.`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, fs.createWriteStream(file));
    } catch (error) {
      await cleanup();
      body.resume();
      throw error;
    }
    return { file, bytes, sha256: hash.digest('hex'), cleanup };
  }

  return {
    /** Largest file accepted, in bytes. */
    maxFileBytes: options.maxFileBytes,

    /**
     * Registers the run's manifest (manifest.json of its results folder), replacing an earlier upload
     * of the run. Answers the listing, every file still to upload.
     */
    async putManifest(projectId: string, runId: string, body: unknown): Promise<ArtifactList> {
      const manifest = parseWith(artifactManifestSchema, body);
      if (manifest.run_id !== runId) throw new InvalidError(`The manifest is for run "${manifest.run_id}", not "${runId}".`);
      const seen = new Set<string>();
      for (const entry of manifest.files) {
        if (entry.path === MANIFEST_PATH) throw new InvalidError(`The manifest lists "${MANIFEST_PATH}" itself; it is uploaded as the manifest.`);
        if (seen.has(entry.path)) throw new InvalidError(`The manifest lists "${entry.path}" twice.`);
        seen.add(entry.path);
        if (entry.bytes > options.maxFileBytes) {
          throw new TooLargeError(`"${entry.path}" is ${entry.bytes} bytes; the artifact store takes files up to ${limitMb} MB (TRACEHUB_ARTIFACT_MAX_FILE_MB).`);
        }
      }
      await requireRun(projectId, runId);
      const prefix = runPrefix(projectId, runId);
      await backend.removePrefix(prefix);
      // Stored as the results folder writes it (two-space JSON and a final newline).
      const staged = await stage(Readable.from([Buffer.from(`${JSON.stringify(body, null, 2)}\n`)]), Number.MAX_SAFE_INTEGER, MANIFEST_PATH);
      try {
        await backend.putFile(`${prefix}${MANIFEST_PATH}`, staged.file, staged.bytes);
      } finally {
        await staged.cleanup();
      }
      return this.list(projectId, runId);
    },

    /** Stores one file the manifest lists, after checking its size and sha256 against the manifest. */
    async putFile(projectId: string, runId: string, file: string, body: Readable, declaredBytes?: number): Promise<ArtifactView> {
      checkPath(file);
      if (declaredBytes !== undefined && declaredBytes > options.maxFileBytes) {
        throw new TooLargeError(`"${file}" is ${declaredBytes} bytes; the artifact store takes files up to ${limitMb} MB (TRACEHUB_ARTIFACT_MAX_FILE_MB).`);
      }
      await requireRun(projectId, runId);
      const stored = await storedManifest(projectId, runId);
      if (!stored) throw new ConflictError(`Run "${runId}" has no artifact manifest yet; PUT its manifest.json to /experiments/${runId}/artifacts first.`);
      const entry = stored.manifest.files.find((f) => f.path === file);
      if (!entry) throw new InvalidError(`"${file}" is not in the manifest of run "${runId}"; upload only the files it lists.`, { code: 'not_in_manifest' });
      const staged = await stage(body, Math.min(options.maxFileBytes, entry.bytes), `"${file}"`).catch((error) => {
        if (error instanceof TooLargeError && entry.bytes < options.maxFileBytes) {
          throw new InvalidError(`"${file}" is larger than the ${entry.bytes} bytes its manifest entry says.`, { code: 'artifact_mismatch' });
        }
        throw error;
      });
      try {
        if (staged.bytes !== entry.bytes || staged.sha256 !== entry.sha256) {
          throw new InvalidError(
            `"${file}" does not match the manifest: expected ${entry.bytes} bytes with sha256 ${entry.sha256}, got ${staged.bytes} bytes with sha256 ${staged.sha256}.`,
            { code: 'artifact_mismatch' },
          );
        }
        await backend.putFile(`${runPrefix(projectId, runId)}files/${file}`, staged.file, staged.bytes);
      } finally {
        await staged.cleanup();
      }
      return { path: file, bytes: entry.bytes, sha256: entry.sha256, content_type: artifactContentType(file), uploaded: true };
    },

    /** The run's artifacts: manifest.json first, then every file the manifest lists, uploaded or not. */
    async list(projectId: string, runId: string): Promise<ArtifactList> {
      await requireRun(projectId, runId);
      const prefix = runPrefix(projectId, runId);
      const objects = await backend.list(prefix);
      const manifestObject = objects.find((o) => o.key === `${prefix}${MANIFEST_PATH}`);
      const stored = manifestObject ? await storedManifest(projectId, runId) : null;
      if (!manifestObject || !stored) return { run_id: runId, uploaded_at: null, complete: false, files: [] };
      const present = new Map(objects.filter((o) => o.key.startsWith(`${prefix}files/`)).map((o) => [o.key.slice(prefix.length + 6), o.bytes]));
      const files: ArtifactView[] = stored.manifest.files.map((f) => ({
        path: f.path, bytes: f.bytes, sha256: f.sha256, content_type: artifactContentType(f.path), uploaded: present.get(f.path) === f.bytes,
      }));
      return {
        run_id: runId,
        uploaded_at: manifestObject.modifiedAt.toISOString(),
        complete: files.every((f) => f.uploaded),
        files: [
          { path: MANIFEST_PATH, bytes: Buffer.byteLength(stored.text), sha256: sha256(stored.text), content_type: artifactContentType(MANIFEST_PATH), uploaded: true },
          ...files,
        ],
      };
    },

    /** Opens one artifact for download. */
    async open(projectId: string, runId: string, file: string): Promise<OpenedArtifact> {
      checkPath(file);
      await requireRun(projectId, runId);
      const prefix = runPrefix(projectId, runId);
      let object: { body: Readable; bytes: number } | null = null;
      if (file === MANIFEST_PATH) object = await backend.get(`${prefix}${MANIFEST_PATH}`);
      else {
        const stored = await storedManifest(projectId, runId);
        if (stored?.manifest.files.some((f) => f.path === file)) object = await backend.get(`${prefix}files/${file}`);
      }
      if (!object) throw new NotFoundError(`Run "${runId}" has no artifact "${file}".`);
      return { ...object, contentType: artifactContentType(file), fileName: path.posix.basename(file) };
    },

    /** Deletes every artifact of a run (when the run is deleted). */
    async removeRun(projectId: string, runId: string): Promise<number> {
      return backend.removePrefix(runPrefix(projectId, runId));
    },

    /**
     * Retention: deletes the artifacts of every run whose last upload is older than the retention
     * period (TRACEHUB_ARTIFACT_RETENTION_DAYS; 0 keeps everything), or than `projectDays` for the
     * projects listed there (their own artifact retention). Answers how many runs' artifacts went.
     */
    async sweep(projectDays: ReadonlyMap<string, number> = new Map()): Promise<number> {
      if (!options.retentionDays && projectDays.size === 0) return 0;
      // A project's own setting (PUT /admin/retention, docs/retention.md) comes before the server's.
      const cutoffOf = (project: string) => {
        const days = projectDays.get(project) ?? options.retentionDays;
        return days ? now() - days * 86_400_000 : -Infinity;
      };
      const newest = new Map<string, number>();
      for (const object of await backend.list('')) {
        const [project, run] = object.key.split('/');
        if (!project || !run) continue;
        const key = `${project}/${run}/`;
        newest.set(key, Math.max(newest.get(key) ?? 0, object.modifiedAt.getTime()));
      }
      let removed = 0;
      for (const [prefix, at] of newest) {
        if (at < cutoffOf(prefix.split('/')[0])) {
          await backend.removePrefix(prefix);
          removed++;
        }
      }
      return removed;
    },
  };
}

/** The artifact service. */
export type ArtifactService = ReturnType<typeof createArtifactService>;

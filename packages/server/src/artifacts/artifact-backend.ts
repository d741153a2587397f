/**
 * Where artifact bytes live: one small interface, two backends — the server's disk (default, under the
 * data directory; disk-backend.ts) or an S3-compatible object store such as MinIO (s3-backend.ts).
 * Keys are `/`-separated and made by the artifact service only (artifact-keys.ts), never from raw input.
 */
import type { Readable } from 'node:stream';

/** One stored object. */
export interface StoredObject {
  key: string;
  bytes: number;
  /** When it was last written. */
  modifiedAt: Date;
}

/** An artifact store backend. */
export interface ArtifactBackend {
  /** `disk` or `s3`, for logs and the readiness of operations. */
  readonly kind: 'disk' | 's3';
  /** Stores the file at `sourceFile` (already verified, `bytes` long) under `key`, replacing what was there. */
  putFile(key: string, sourceFile: string, bytes: number): Promise<void>;
  /** The object's bytes as a stream with its size, or null when there is no such object. */
  get(key: string): Promise<{ body: Readable; bytes: number } | null>;
  /** Every object whose key starts with `prefix`. */
  list(prefix: string): Promise<StoredObject[]>;
  /** Deletes every object whose key starts with `prefix`; answers how many. */
  removePrefix(prefix: string): Promise<number>;
}

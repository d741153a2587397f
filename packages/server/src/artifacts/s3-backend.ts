/**
 * Artifacts in an S3-compatible object store (AWS S3, MinIO, Ceph RGW, …) through the official
 * `@aws-sdk/client-s3`. Keys go under an optional prefix in one bucket, which must exist.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ArtifactBackend, StoredObject } from './artifact-backend.js';

/** How to reach the bucket (TRACEHUB_ARTIFACTS_S3_*). */
export interface S3BackendSettings {
  /** Endpoint URL, e.g. http://minio:9000; absent = AWS S3 of `region`. */
  endpoint?: string;
  bucket: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Path-style addressing (`endpoint/bucket/key`), which MinIO and most self-hosted stores need. */
  forcePathStyle: boolean;
  /** Key prefix inside the bucket (e.g. `tracehub/`); default none. */
  prefix?: string;
}

/** Creates the S3 backend. */
export function createS3Backend(settings: S3BackendSettings): ArtifactBackend {
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.accessKeyId && settings.secretAccessKey ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey } : undefined,
    // Checksums only where the API requires them: S3-compatible stores do not all accept the newer trailing checksums.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = settings.bucket;
  const base = settings.prefix ?? '';

  async function list(prefix: string): Promise<StoredObject[]> {
    const out: StoredObject[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: base + prefix, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        if (o.Key) out.push({ key: o.Key.slice(base.length), bytes: o.Size ?? 0, modifiedAt: o.LastModified ?? new Date(0) });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  return {
    kind: 's3',
    async putFile(key, sourceFile, bytes) {
      await client.send(new PutObjectCommand({ Bucket, Key: base + key, Body: fs.createReadStream(sourceFile), ContentLength: bytes }));
    },
    async get(key) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket, Key: base + key }));
        return { body: answer.Body as Readable, bytes: answer.ContentLength ?? 0 };
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return null;
        throw error;
      }
    },
    list,
    async removePrefix(prefix) {
      const found = await list(prefix);
      // DeleteObjects takes at most 1,000 keys per request.
      for (let i = 0; i < found.length; i += 1000) {
        await client.send(new DeleteObjectsCommand({ Bucket, Delete: { Objects: found.slice(i, i + 1000).map((o) => ({ Key: base + o.key })), Quiet: true } }));
      }
      return found.length;
    },
  };
}

/** Artifact store settings (TRACEHUB_ARTIFACTS_*, docs/configuration.md) and the backend they pick. */
import path from 'node:path';
import { z } from 'zod';
import { parseEnv } from '../env.js';
import type { ArtifactBackend } from './artifact-backend.js';
import { createDiskBackend } from './disk-backend.js';
import type { S3BackendSettings } from './s3-backend.js';

const unsetIfEmpty = <T extends z.ZodType>(inner: T) => z.preprocess((v) => (v === '' ? undefined : v), inner);

const schema = z
  .object({
    TRACEHUB_ARTIFACTS_BACKEND: unsetIfEmpty(z.enum(['disk', 's3']).default('disk')),
    TRACEHUB_ARTIFACTS_DIR: unsetIfEmpty(z.string().min(1).optional()),
    TRACEHUB_ARTIFACTS_S3_ENDPOINT: unsetIfEmpty(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    TRACEHUB_ARTIFACTS_S3_BUCKET: unsetIfEmpty(z.string().min(3).max(63).optional()),
    TRACEHUB_ARTIFACTS_S3_REGION: unsetIfEmpty(z.string().min(1).default('us-east-1')),
    TRACEHUB_ARTIFACTS_S3_ACCESS_KEY_ID: unsetIfEmpty(z.string().min(1).optional()),
    TRACEHUB_ARTIFACTS_S3_SECRET_ACCESS_KEY: unsetIfEmpty(z.string().min(1).optional()),
    TRACEHUB_ARTIFACTS_S3_FORCE_PATH_STYLE: unsetIfEmpty(z.enum(['true', 'false']).default('true')),
    TRACEHUB_ARTIFACTS_S3_PREFIX: unsetIfEmpty(z.string().max(200).optional()),
    TRACEHUB_ARTIFACT_MAX_FILE_MB: unsetIfEmpty(z.coerce.number().positive().max(5 * 1024).default(100)),
    TRACEHUB_ARTIFACT_RETENTION_DAYS: unsetIfEmpty(z.coerce.number().int().min(0).max(36_500).default(0)),
  })
  .superRefine((e, context) => {
    if (e.TRACEHUB_ARTIFACTS_BACKEND === 's3' && !e.TRACEHUB_ARTIFACTS_S3_BUCKET) {
      context.addIssue({ code: 'custom', path: ['TRACEHUB_ARTIFACTS_S3_BUCKET'], message: 'is required when TRACEHUB_ARTIFACTS_BACKEND=s3' });
    }
  });

/** Where artifacts go and how long they stay. */
export interface ArtifactConfig {
  backend: { kind: 'disk'; dir: string } | ({ kind: 's3' } & S3BackendSettings);
  /** Largest file accepted, in bytes (TRACEHUB_ARTIFACT_MAX_FILE_MB, default 100 MB). */
  maxFileBytes: number;
  /** Artifacts uploaded longer ago than this many days are deleted by the sweep; 0 keeps them (default). */
  retentionDays: number;
}

/** Reads the artifact settings; the disk backend defaults to `<dataDir>/artifacts`. */
export function loadArtifactConfig(env: Record<string, string | undefined>, dataDir: string): ArtifactConfig {
  const e = parseEnv(schema, env);
  return {
    backend:
      e.TRACEHUB_ARTIFACTS_BACKEND === 's3'
        ? {
          kind: 's3',
          endpoint: e.TRACEHUB_ARTIFACTS_S3_ENDPOINT,
          bucket: e.TRACEHUB_ARTIFACTS_S3_BUCKET as string,
          region: e.TRACEHUB_ARTIFACTS_S3_REGION,
          accessKeyId: e.TRACEHUB_ARTIFACTS_S3_ACCESS_KEY_ID,
          secretAccessKey: e.TRACEHUB_ARTIFACTS_S3_SECRET_ACCESS_KEY,
          forcePathStyle: e.TRACEHUB_ARTIFACTS_S3_FORCE_PATH_STYLE === 'true',
          prefix: e.TRACEHUB_ARTIFACTS_S3_PREFIX,
        }
        : { kind: 'disk', dir: e.TRACEHUB_ARTIFACTS_DIR ?? path.join(dataDir, 'artifacts') },
    maxFileBytes: Math.round(e.TRACEHUB_ARTIFACT_MAX_FILE_MB * 1024 * 1024),
    retentionDays: e.TRACEHUB_ARTIFACT_RETENTION_DAYS,
  };
}

/** The backend a configuration names; the AWS SDK is loaded only when the S3 backend is used. */
export async function createArtifactBackend(config: ArtifactConfig): Promise<ArtifactBackend> {
  if (config.backend.kind === 'disk') return createDiskBackend(config.backend.dir);
  const { createS3Backend } = await import('./s3-backend.js');
  return createS3Backend(config.backend);
}

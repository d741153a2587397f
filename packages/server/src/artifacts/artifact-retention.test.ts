/** Artifact retention and settings: the sweep deletes runs' artifacts older than the retention period, and only those. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createArtifactService } from './artifact-service.js';
import { createDiskBackend } from './disk-backend.js';
import { loadArtifactConfig } from './artifact-config.js';
import { startArtifactSweeper } from './artifact-sweeper.js';

const DAY = 86_400_000;

async function uploadOne(service: ReturnType<typeof createArtifactService>, projectId: string, runId: string) {
  const data = Buffer.from(`${runId}\n`);
  await service.putManifest(projectId, runId, { run_id: runId, files: [{ path: 'report.md', sha256: createHash('sha256').update(data).digest('hex'), bytes: data.length }] });
  await service.putFile(projectId, runId, 'report.md', Readable.from([data]));
}

function setup(retentionDays: number) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'artifact-retention-'));
  let clock = Date.now();
  const service = createArtifactService({ backend: createDiskBackend(root), runExists: async () => true, maxFileBytes: 1024, retentionDays, now: () => clock });
  return { root, service, advance: (ms: number) => (clock += ms) };
}

/** Ages every file of a run by `days` (the disk backend dates artifacts by modification time). */
function age(root: string, projectId: string, runId: string, days: number) {
  const dir = path.join(root, projectId, runId);
  const when = new Date(Date.now() - days * DAY);
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) if (entry.isFile()) fs.utimesSync(path.join(entry.parentPath, entry.name), when, when);
}

describe('artifact retention', () => {
  it('sweeps the artifacts of runs uploaded longer ago than the retention period, keeping newer ones', async () => {
    const { root, service } = setup(30);
    await uploadOne(service, 'p1', 'old');
    await uploadOne(service, 'p1', 'new');
    await uploadOne(service, 'p2', 'old');
    age(root, 'p1', 'old', 31);
    age(root, 'p1', 'new', 29);
    age(root, 'p2', 'old', 40);
    expect(await service.sweep()).toBe(2);
    expect((await service.list('p1', 'old')).files).toEqual([]);
    expect((await service.list('p2', 'old')).files).toEqual([]);
    expect((await service.list('p1', 'new')).complete).toBe(true);
    expect(await service.sweep()).toBe(0);
  });

  it("uses a project's own artifact retention before the server's (docs/retention.md)", async () => {
    const { root, service } = setup(0);
    for (const [project, run, days] of [['short', 'old', 8], ['short', 'new', 6], ['server', 'old', 10_000]] as const) {
      await uploadOne(service, project, run);
      age(root, project, run, days);
    }
    expect(await service.sweep(new Map([['short', 7]]))).toBe(1);
    expect((await service.list('short', 'old')).files).toEqual([]);
    expect((await service.list('short', 'new')).complete).toBe(true);
    expect((await service.list('server', 'old')).complete).toBe(true);
  });

  it('keeps everything when the retention is 0 (the default)', async () => {
    const { root, service } = setup(0);
    await uploadOne(service, 'p1', 'old');
    age(root, 'p1', 'old', 10_000);
    expect(await service.sweep()).toBe(0);
    expect((await service.list('p1', 'old')).complete).toBe(true);
  });

  it('sweeps once at start, and logs a failed sweep instead of throwing', async () => {
    const { root, service } = setup(1);
    await uploadOne(service, 'p1', 'old');
    age(root, 'p1', 'old', 2);
    const logged: unknown[] = [];
    const log = { info: (...args: unknown[]) => logged.push(args), error: (...args: unknown[]) => logged.push(args) } as never;
    const sweeper = startArtifactSweeper(service, log);
    await sweeper.first;
    await sweeper.stop();
    expect((await service.list('p1', 'old')).files).toEqual([]);
    const failing = startArtifactSweeper({ sweep: async () => Promise.reject(new Error('store down')) }, log);
    await failing.first;
    await failing.stop();
    expect(JSON.stringify(logged)).toContain('artifact retention sweep failed');
  });
});

describe('artifact settings', () => {
  it('defaults to the disk under the data directory, 100 MB files, no retention', () => {
    expect(loadArtifactConfig({}, '/data')).toEqual({ backend: { kind: 'disk', dir: path.join('/data', 'artifacts') }, maxFileBytes: 100 * 1024 * 1024, retentionDays: 0 });
  });

  it('reads the S3 settings, and refuses a bad or incomplete S3 configuration in one line', () => {
    const config = loadArtifactConfig(
      {
        TRACEHUB_ARTIFACTS_BACKEND: 's3', TRACEHUB_ARTIFACTS_S3_ENDPOINT: 'http://minio:9000', TRACEHUB_ARTIFACTS_S3_BUCKET: 'runs', TRACEHUB_ARTIFACTS_S3_ACCESS_KEY_ID: 'a',
        TRACEHUB_ARTIFACTS_S3_SECRET_ACCESS_KEY: 'b', TRACEHUB_ARTIFACTS_S3_FORCE_PATH_STYLE: 'false', TRACEHUB_ARTIFACT_MAX_FILE_MB: '5', TRACEHUB_ARTIFACT_RETENTION_DAYS: '90',
      },
      '/data',
    );
    expect(config).toEqual({
      backend: { kind: 's3', endpoint: 'http://minio:9000', bucket: 'runs', region: 'us-east-1', accessKeyId: 'a', secretAccessKey: 'b', forcePathStyle: false, prefix: undefined },
      maxFileBytes: 5 * 1024 * 1024,
      retentionDays: 90,
    });
    expect(() => loadArtifactConfig({ TRACEHUB_ARTIFACTS_BACKEND: 's3' }, '/data')).toThrow(/TRACEHUB_ARTIFACTS_S3_BUCKET: is required when TRACEHUB_ARTIFACTS_BACKEND=s3/);
    expect(() => loadArtifactConfig({ TRACEHUB_ARTIFACTS_BACKEND: 'ftp' }, '/data')).toThrow(/TRACEHUB_ARTIFACTS_BACKEND/);
    expect(() => loadArtifactConfig({ TRACEHUB_ARTIFACT_RETENTION_DAYS: '-1' }, '/data')).toThrow(/TRACEHUB_ARTIFACT_RETENTION_DAYS/);
    expect(() => loadArtifactConfig({ TRACEHUB_ARTIFACTS_S3_ENDPOINT: 'minio:9000' }, '/data')).toThrow(/TRACEHUB_ARTIFACTS_S3_ENDPOINT/);
  });
});

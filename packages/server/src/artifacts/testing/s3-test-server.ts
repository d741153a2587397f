/** An S3-compatible server for tests (s3rver, in process, on a free port) with one bucket. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3BackendSettings } from '../s3-backend.js';

/** A running test S3 server and the backend settings that reach it. */
export interface TestS3Server {
  settings: S3BackendSettings;
  close(): Promise<void>;
}

/** Starts s3rver with `bucket`; its files live in a temporary folder removed on close. */
export async function startTestS3Server(bucket = 'tracehub-artifacts'): Promise<TestS3Server> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
  const { port } = await server.run();
  return {
    settings: { endpoint: `http://127.0.0.1:${port}`, bucket, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true },
    async close() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../storage/testing/test-stores.js';
import { createWorkerIngestService } from './worker-ingest-service.js';

/** A stand-in worker: never answers, ignores "close", and exits when asked for project "crash". */
function fakeWorkerFile(): string {
  const file = path.join(tempDir(), 'fake-ingest-worker.mjs');
  fs.writeFileSync(
    file,
    `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (m) => { if (m && m.projectId === 'crash') process.exit(3); });
`,
  );
  return file;
}

const quick = { drainTimeoutMs: 200, closeTimeoutMs: 200 };
const timed = async (fn: () => Promise<void>) => {
  const started = Date.now();
  await fn();
  return Date.now() - started;
};

describe('worker ingest service shutdown', () => {
  it('completes close() when a request is never answered and the worker ignores "close"', async () => {
    const service = createWorkerIngestService({ backend: 'sqlite', file: 'unused.db' }, undefined, { ...quick, workerFile: fakeWorkerFile() });
    const inFlight = service.ingestTraces('hang', {} as never);
    inFlight.catch(() => undefined);
    expect(await timed(() => service.close())).toBeLessThan(3000);
    await expect(inFlight).rejects.toThrow('closed before answering');
    await expect(service.ingestTraces('late', {} as never)).rejects.toThrow('closing');
  });

  it('completes close() after the worker died with a request in flight', async () => {
    const service = createWorkerIngestService({ backend: 'sqlite', file: 'unused.db' }, undefined, { ...quick, workerFile: fakeWorkerFile() });
    await expect(service.ingestTraces('crash', {} as never)).rejects.toThrow('exited');
    expect(await timed(() => service.close())).toBeLessThan(3000);
  });

  it('completes close() after a failed hand-off to the real worker (a body it cannot receive)', async () => {
    const service = createWorkerIngestService({ backend: 'sqlite', file: path.join(tempDir(), 'tracehub.db') });
    await expect(service.ingestTraces('p', { body: () => 'not cloneable' } as never)).rejects.toThrow();
    // Before: the failed request stayed pending and close() waited for it forever.
    expect(await timed(() => service.close())).toBeLessThan(5000);
    expect(await timed(() => service.close())).toBeLessThan(100);
  });
});

describe('worker ingest service start', () => {
  it('starts the worker thread on the first ingest call, not before (an idle server keeps no second heap)', async () => {
    const dir = tempDir();
    const marker = path.join(dir, 'started');
    const file = path.join(dir, 'marking-worker.mjs');
    fs.writeFileSync(file, `import fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(marker)}, 'x');\n`);
    const service = createWorkerIngestService({ backend: 'sqlite', file: 'unused.db' }, undefined, { ...quick, workerFile: file });
    await new Promise((r) => setTimeout(r, 500));
    expect(fs.existsSync(marker)).toBe(false);
    service.ingestTraces('p', {} as never).catch(() => undefined);
    for (let i = 0; i < 100 && !fs.existsSync(marker); i++) await new Promise((r) => setTimeout(r, 50));
    expect(fs.existsSync(marker)).toBe(true);
    await service.close();
  });
});

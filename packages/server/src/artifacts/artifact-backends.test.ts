/** The artifact backends behave alike: the server's disk, and an S3-compatible store (s3rver started here). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactBackend } from './artifact-backend.js';
import { createDiskBackend } from './disk-backend.js';
import { createS3Backend } from './s3-backend.js';
import { startTestS3Server, type TestS3Server } from './testing/s3-test-server.js';

async function text(backend: ArtifactBackend, key: string): Promise<string | null> {
  const object = await backend.get(key);
  if (!object) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function sourceFile(content: string | Buffer): { file: string; bytes: number } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'artifact-src-')), 'f');
  fs.writeFileSync(file, content);
  return { file, bytes: fs.statSync(file).size };
}

let s3: TestS3Server;
const backends: Array<[string, () => ArtifactBackend]> = [
  ['disk', () => createDiskBackend(fs.mkdtempSync(path.join(os.tmpdir(), 'artifact-disk-')))],
  ['s3', () => createS3Backend({ ...s3.settings, prefix: 'th/' })],
];

beforeAll(async () => {
  s3 = await startTestS3Server();
});
afterAll(async () => {
  await s3.close();
});

for (const [kind, make] of backends) {
  describe(`artifact backend (${kind})`, () => {
    it('stores, reads, lists and removes by prefix, with nested and Korean paths', async () => {
      const backend = make();
      expect(backend.kind).toBe(kind);
      const a = sourceFile('# 보고서\n');
      const b = sourceFile(Buffer.from([0, 1, 2, 255]));
      await backend.putFile('p1/run-1/files/report.md', a.file, a.bytes);
      await backend.putFile('p1/run-1/files/analysis/분석 결과.json', b.file, b.bytes);
      await backend.putFile('p1/run-10/files/x.txt', a.file, a.bytes);
      await backend.putFile('p2/run-1/files/x.txt', a.file, a.bytes);

      expect(await text(backend, 'p1/run-1/files/report.md')).toBe('# 보고서\n');
      const binary = await backend.get('p1/run-1/files/analysis/분석 결과.json');
      expect(binary?.bytes).toBe(4);
      expect(await backend.get('p1/run-1/files/missing.md')).toBeNull();

      const listed = await backend.list('p1/run-1/');
      expect(listed.map((o) => [o.key, o.bytes])).toEqual([
        ['p1/run-1/files/analysis/분석 결과.json', 4],
        ['p1/run-1/files/report.md', a.bytes],
      ]);
      expect(listed[0].modifiedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect((await backend.list('')).length).toBe(4);

      // Replacing keeps one object.
      const c = sourceFile('v2');
      await backend.putFile('p1/run-1/files/report.md', c.file, c.bytes);
      expect(await text(backend, 'p1/run-1/files/report.md')).toBe('v2');

      // "p1/run-1/" does not take "p1/run-10/" with it.
      expect(await backend.removePrefix('p1/run-1/')).toBe(2);
      expect(await backend.list('p1/run-1/')).toEqual([]);
      expect((await backend.list('')).map((o) => o.key).sort()).toEqual(['p1/run-10/files/x.txt', 'p2/run-1/files/x.txt']);
      expect(await backend.removePrefix('nothing/')).toBe(0);
    });
  });
}

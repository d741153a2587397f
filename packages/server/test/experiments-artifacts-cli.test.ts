/**
 * A run with the tracehub tracker uploads its whole results folder as the run's artifacts, and every
 * file downloads byte-identical; `tracehub experiment upload` does the same afterwards, with one-line
 * errors for a folder that is not a run's, a tampered folder and a run the server does not have.
 * The built CLI against an in-process server on an S3-compatible store (s3rver).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactListSchema } from '@tracehub/core';
import { startFakeOpenAi, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';
import type { RunningServer } from '../src/server.js';
import { startTestS3Server, type TestS3Server } from '../src/artifacts/testing/s3-test-server.js';
import { copyExample, oneLineError, runCli } from './cli-harness.js';
import { startTestServer } from './helpers.js';

const ANSWER = JSON.stringify({ competencies: ['대용량 트래픽 처리'], questions: [{ question: '트래픽?', answer_tip: '수치' }], pitfalls: ['연봉 이야기'] });

function walk(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name)).split(path.sep).join('/')]));
}

describe('experiment artifacts through the CLI', () => {
  let s3: TestS3Server;
  let server: RunningServer;
  let host: string;
  let fake: FakeOpenAi;
  beforeAll(async () => {
    s3 = await startTestS3Server();
    server = await startTestServer('sqlite', { artifacts: { backend: { kind: 's3', ...s3.settings }, maxFileBytes: 10 * 1024 * 1024, retentionDays: 0 } });
    host = await server.app.listen({ port: 0, host: '127.0.0.1' });
    fake = await startFakeOpenAi(() => ANSWER);
  });
  afterAll(async () => {
    await fake.close();
    await server.close();
    await s3.close();
  });

  async function download(runId: string, file: string): Promise<Buffer> {
    const response = await fetch(`${host}/api/v1/experiments/${runId}/artifacts/${file.split('/').map(encodeURIComponent).join('/')}`, { headers: { 'x-api-key': 'dev-key' } });
    expect([file, response.status]).toEqual([file, 200]);
    return Buffer.from(await response.arrayBuffer());
  }

  async function expectUploaded(runId: string, dir: string): Promise<void> {
    const answer = await fetch(`${host}/api/v1/experiments/${runId}/artifacts`, { headers: { 'x-api-key': 'dev-key' } });
    const listed = artifactListSchema.parse(await answer.json());
    expect(listed.complete).toBe(true);
    const local = walk(dir).sort();
    expect(listed.files.map((f) => f.path).sort()).toEqual(local);
    for (const file of local) expect([file, Buffer.compare(await download(runId, file), fs.readFileSync(path.join(dir, file)))]).toEqual([file, 0]);
  }

  it('uploads the results folder at the end of a run with the tracehub tracker, and again with experiment upload', async () => {
    const cwd = copyExample();
    const run = await runCli(
      ['--host', host, 'experiment', 'run', '--dataset', 'prep_generate', '--prompt', 'prep_generate', '--model', 'gpt-4.1-mini', '--base-url', fake.url,
        '--evaluators', 'keywords', '--name', 'art', '--tracker', 'tracehub', '--json'],
      cwd,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const dir = path.join(cwd, 'results', 'art');
    const runId = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).run_id as string;
    await expectUploaded(runId, dir);

    // Files in any subfolder the manifest lists go too (analysis/, reports/ …): add one, rewrite the manifest, upload again.
    fs.mkdirSync(path.join(dir, 'analysis'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'analysis', '분석.md'), '# 분석\n');
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    const { buildManifest } = await import('../../evals/src/report/manifest.js');
    const rebuilt = buildManifest(dir, runId, manifest.experiment_name);
    fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify({ ...manifest, files: rebuilt.files }, null, 2)}\n`);
    const uploaded = await runCli(['--host', host, 'experiment', 'upload', 'art'], cwd);
    expect(uploaded.stderr).toBe('');
    expect(uploaded.stdout).toMatch(new RegExp(`^Uploaded ${rebuilt.files.length + 1} file\\(s\\), \\d+ bytes, of run ${runId} to `));
    await expectUploaded(runId, dir);
  });

  it('fails with one line for a folder that is not a run, a tampered folder and a run the server does not have', async () => {
    const cwd = copyExample();
    expect(oneLineError(await runCli(['--host', host, 'experiment', 'upload', 'nothing'], cwd))).toMatch(/"nothing" is not a results folder/);

    const run = await runCli(['experiment', 'run', '--dataset', 'prep_generate', '--prompt', 'prep_generate', '--model', 'gpt-4.1-mini', '--base-url', fake.url, '--evaluators', 'keywords', '--name', 'local', '--tracker', 'none'], cwd);
    expect(run.code).toBe(0);
    expect(oneLineError(await runCli(['--host', host, 'experiment', 'upload', 'local'], cwd))).toMatch(/has no run ".+"; store the run first \(experiment run --tracker tracehub\)\.$/);

    fs.appendFileSync(path.join(cwd, 'results', 'local', 'report.md'), 'edited\n');
    expect(oneLineError(await runCli(['--host', host, 'experiment', 'upload', 'local'], cwd))).toMatch(/report\.md changed or went missing since manifest\.json was written/);
  });
});

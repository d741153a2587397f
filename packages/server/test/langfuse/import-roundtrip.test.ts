// `tracehub import langfuse` reading a real Langfuse-API server: Trace Hub's own `/api/public`,
// filled by the `langfuse` 3.x SDK (prompts with labels, a dataset with items, a trace with a
// generation and a score), imported into a second Trace Hub server and read back through `/api/v1`.
import { Langfuse } from 'langfuse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { tempDir } from '../../src/storage/testing/test-stores.js';
import { runCli } from '../cli-harness.js';
import { call, startTestServer } from '../helpers.js';

describe('tracehub import langfuse from a Trace Hub /api/public filled by the langfuse SDK', () => {
  let source: RunningServer;
  let target: RunningServer;
  let sourceUrl: string;
  let targetUrl: string;

  beforeAll(async () => {
    source = await startTestServer('sqlite');
    target = await startTestServer('sqlite');
    sourceUrl = await source.app.listen({ port: 0, host: '127.0.0.1' });
    targetUrl = await target.app.listen({ port: 0, host: '127.0.0.1' });
    const langfuse = new Langfuse({ publicKey: 'pk-lf-source', secretKey: 'dev-key', baseUrl: sourceUrl });
    await langfuse.createPrompt({ name: 'greeter', prompt: 'Hello {{name}}', labels: ['production'], config: { temperature: 0 } });
    await langfuse.createPrompt({ name: 'greeter', prompt: 'Hi {{name}}!', labels: ['staging'] });
    await langfuse.createDataset({ name: 'golden', description: 'golden set' });
    await langfuse.createDatasetItem({ datasetName: 'golden', id: 'case-1', input: { name: 'Mina' }, expectedOutput: 'Hello Mina' });
    const trace = langfuse.trace({ id: 'rt-trace', name: 'greet', userId: 'u-1', input: { name: 'Mina' } });
    trace.generation({ id: 'rt-gen', name: 'llm', model: 'gpt-4o-mini', input: 'Hello Mina', usageDetails: { input: 10, output: 5 } }).end({ output: 'Hi Mina' });
    trace.update({ output: 'Hi Mina' });
    langfuse.score({ id: 'rt-score', traceId: 'rt-trace', name: 'friendly', value: 1 });
    await langfuse.shutdownAsync();
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('copies prompts, the dataset, the trace and its score, then nothing new', async () => {
    const env = { TRACEHUB_HOST: targetUrl, TRACEHUB_API_KEY: 'dev-key', LANGFUSE_BASE_URL: sourceUrl, LANGFUSE_HOST: '', LANGFUSE_PUBLIC_KEY: 'pk-lf-x', LANGFUSE_SECRET_KEY: 'dev-key' };
    const cwd = tempDir('tracehub-import-roundtrip-');
    const first = await runCli(['import', 'langfuse', '--from', '2000-01-01'], cwd, env);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('prompt versions: 2 new');
    expect(first.stdout).toContain('traces: 1 new');
    expect(first.stdout).toContain('scores: 1 new');

    const versions = (await call(target.app, 'GET', '/api/v1/prompts/greeter/versions')).body.items;
    expect(versions.map((v: { version: number; prompt: string; labels: string[] }) => [v.version, v.prompt, [...v.labels].sort()]).sort()).toEqual([
      [1, 'Hello {{name}}', ['production']],
      [2, 'Hi {{name}}!', ['latest', 'staging']],
    ]);
    const dataset = (await call(target.app, 'GET', '/api/v1/datasets/golden')).body;
    expect(dataset.dataset.description).toBe('golden set');
    expect(dataset.items).toEqual([expect.objectContaining({ id: 'case-1', input: { name: 'Mina' }, expected_output: 'Hello Mina', status: 'active' })]);
    const detail = (await call(target.app, 'GET', '/api/v1/traces/rt-trace')).body;
    expect(detail.trace).toMatchObject({ name: 'greet', user_id: 'u-1', output_text: 'Hi Mina' });
    expect(detail.spans).toEqual([expect.objectContaining({ span_id: 'rt-gen', span_type: 'llm', model: 'gpt-4o-mini', input_tokens: 10, output_tokens: 5 })]);
    expect(detail.evals).toEqual([expect.objectContaining({ eval_name: 'friendly', score: 1 })]);

    const second = await runCli(['import', 'langfuse', '--from', '2000-01-01'], cwd, env);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/prompt versions: 0 new[\s\S]*items: 0 new[\s\S]*traces: 0 new[\s\S]*scores: 0 new/);
  });
});

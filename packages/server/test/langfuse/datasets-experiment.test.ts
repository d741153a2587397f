// `@langfuse/client` 5.x `dataset.runExperiment` with `@langfuse/otel` tracing against a listening
// Trace Hub: the dataset run becomes a Trace Hub experiment run whose items carry the traces'
// outputs and the evaluators' scores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LangfuseClient } from '@langfuse/client';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { setLangfuseTracerProvider } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { RunningServer } from '../../src/server.js';
import { call, startTestServer } from '../helpers.js';

describe('Langfuse experiments on a dataset (@langfuse/client 5.x)', () => {
  let server: RunningServer;
  let baseUrl: string;
  let processor: LangfuseSpanProcessor;
  let provider: NodeTracerProvider;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
    processor = new LangfuseSpanProcessor({ publicKey: 'pk-lf-test', secretKey: 'dev-key', baseUrl });
    provider = new NodeTracerProvider({ spanProcessors: [processor] });
    setLangfuseTracerProvider(provider);
  });
  afterAll(async () => {
    setLangfuseTracerProvider(null);
    await provider?.shutdown();
    await server.close();
  });

  it('runExperiment links each item, and the run reads back with outputs and scores through /api/v1/experiments', async () => {
    const langfuse = new LangfuseClient({ publicKey: 'pk-lf-test', secretKey: 'dev-key', baseUrl });
    await langfuse.api.datasets.create({ name: 'capitals' });
    await langfuse.api.datasetItems.create({ datasetName: 'capitals', id: 'fr', input: 'france', expectedOutput: 'PARIS' });
    await langfuse.api.datasetItems.create({ datasetName: 'capitals', id: 'de', input: 'germany', expectedOutput: 'BERLIN' });
    const dataset = await langfuse.dataset.get('capitals');

    const result = await dataset.runExperiment({
      name: 'capitals',
      runName: 'upper v1',
      description: 'uppercase baseline',
      task: async (item) => (item.input === 'france' ? 'PARIS' : 'MUNICH'),
      evaluators: [async ({ output, expectedOutput }) => ({ name: 'exact', value: output === expectedOutput ? 1 : 0, dataType: 'BOOLEAN' as const })],
    });
    await processor.forceFlush();
    await langfuse.score.flush();
    expect(result.datasetRunId).toEqual(expect.any(String));

    const run = await call(server.app, 'GET', `/api/v1/experiments/${encodeURIComponent(result.datasetRunId!)}`);
    expect(run.status).toBe(200);
    expect(run.body.experiment).toMatchObject({ name: 'upper v1', dataset_name: 'capitals', item_count: 2 });
    expect(run.body.experiment.summary).toMatchObject({ items: 2, passed: 1, failed: 1, pass_rate: 0.5, mean_score: 0.5 });
    const items = new Map(run.body.items.map((i: { item_id: string }) => [i.item_id, i]));
    expect(items.get('fr')).toMatchObject({ output: 'PARIS', passed: true, score: 1, scores: { exact: { passed: true } }, expected: 'PARIS' });
    expect(items.get('de')).toMatchObject({ output: 'MUNICH', passed: false, score: 0, scores: { exact: { passed: false } } });

    // Linking again after a read stores no computed summary (the list shows none for such runs).
    await langfuse.api.datasetRunItems.create({ runName: 'upper v1', datasetItemId: 'fr', traceId: run.body.items[0].trace_id });
    const listed = await call(server.app, 'GET', '/api/v1/experiments?dataset_name=capitals');
    expect(listed.body.items[0].summary).toEqual({});

    const langfuseRun = await langfuse.api.datasets.getRun('capitals', 'upper v1');
    expect(langfuseRun).toMatchObject({ id: result.datasetRunId, description: 'uppercase baseline' });
    expect(langfuseRun.datasetRunItems.map((i) => i.datasetItemId).sort()).toEqual(['de', 'fr']);
  });
});

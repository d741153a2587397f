// Langfuse datasets, items and dataset runs through the real `langfuse` 3.x and `@langfuse/client`
// 5.x SDKs and raw HTTP, read back through Trace Hub's own datasets and experiments API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Langfuse } from 'langfuse';
import { LangfuseClient } from '@langfuse/client';
import type { RunningServer } from '../../src/server.js';
import { basicAuth, call, callWith, startTestServer } from '../helpers.js';

const auth = basicAuth('pk-lf-test');

describe('Langfuse datasets and dataset runs', () => {
  let server: RunningServer;
  let baseUrl: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
  });

  const http = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) => callWith(server.app, { authorization: auth }, method, url, body);

  /** A finished trace with output (through Trace Hub's own API), and optionally an evaluation. */
  async function trace(traceId: string, output: string) {
    const res = await call(server.app, 'POST', '/api/v1/ingest/traces', {
      trace: { trace_id: traceId, status: 'ok', start_time: '2026-02-07T10:00:00Z', end_time: '2026-02-07T10:00:02Z', input_text: 'q', output_text: output },
      spans: [],
    });
    expect(res.status).toBeLessThan(300);
  }
  async function evaluate(traceId: string, name: string, score: number, passed: boolean) {
    const res = await call(server.app, 'POST', '/api/v1/evals', { trace_id: traceId, eval_name: name, score, passed });
    expect(res.status).toBeLessThan(300);
  }

  it('langfuse 3.x: createDataset, createDatasetItem, getDataset with items, getDatasetItem, item.link and getDatasetRun', async () => {
    const langfuse = new Langfuse({ publicKey: 'pk-lf-test', secretKey: 'dev-key', baseUrl });
    const created = await langfuse.createDataset({ name: 'qa-v3', description: 'QA set', metadata: { team: 'search' } });
    expect(created).toMatchObject({ id: 'qa-v3', name: 'qa-v3', description: 'QA set', metadata: { team: 'search' } });
    // Creating again upserts (same dataset, new description).
    await langfuse.createDataset({ name: 'qa-v3', description: 'QA set 2' });

    const first = await langfuse.createDatasetItem({ datasetName: 'qa-v3', input: { q: 'capital of France?' }, expectedOutput: 'Paris', metadata: { level: 1 } });
    expect(first).toMatchObject({ id: expect.any(String), datasetName: 'qa-v3', status: 'ACTIVE', input: { q: 'capital of France?' }, expectedOutput: 'Paris' });
    await langfuse.createDatasetItem({ datasetName: 'qa-v3', id: 'item-2', input: { q: '2+2?' }, expectedOutput: '4' });
    // Upsert by id: only the fields sent change.
    const updated = await langfuse.createDatasetItem({ datasetName: 'qa-v3', id: 'item-2', expectedOutput: 'four' });
    expect(updated).toMatchObject({ id: 'item-2', input: { q: '2+2?' }, expectedOutput: 'four' });
    expect(await langfuse.getDatasetItem('item-2')).toMatchObject({ id: 'item-2', datasetId: 'qa-v3', expectedOutput: 'four' });

    const dataset = await langfuse.getDataset('qa-v3', { fetchItemsPageSize: 1 });
    expect(dataset).toMatchObject({ name: 'qa-v3', description: 'QA set 2' });
    expect(dataset.items.map((i) => i.id).sort()).toEqual([first.id, 'item-2'].sort());

    // Trace Hub's own API sees the dataset and one version per item write.
    const own = await call(server.app, 'GET', '/api/v1/datasets/qa-v3');
    expect(own.body.items).toHaveLength(2);
    expect(own.body.dataset.latest_version).toBe(3);

    // One trace from the SDK itself (ingestion batch, sent by link()), one through Trace Hub's own API.
    const sdkTrace = langfuse.trace({ id: 'lf-v3-trace-1', name: 'qa', input: { q: 'capital of France?' }, output: 'Paris' });
    await trace('lf-v3-trace-2', '5');
    const byId = new Map(dataset.items.map((i) => [i.id, i]));
    // The SDK types the answer as `{ id }`; the server answers a whole DatasetRunItem.
    const link = (await byId.get(first.id)!.link(sdkTrace, 'run one', { description: 'first run' })) as unknown as {
      datasetRunId: string;
    };
    expect(link).toMatchObject({ datasetItemId: first.id, traceId: 'lf-v3-trace-1', datasetRunName: 'run one', datasetRunId: expect.any(String) });
    await byId.get('item-2')!.link({ traceId: 'lf-v3-trace-2', observationId: 'obs-1' } as never, 'run one');
    // Scores arrive after the link and still count.
    await evaluate('lf-v3-trace-1', 'correct', 1, true);
    await evaluate('lf-v3-trace-2', 'correct', 0, false);

    const run = await langfuse.getDatasetRun({ datasetName: 'qa-v3', runName: 'run one' });
    expect(run).toMatchObject({ id: link.datasetRunId, name: 'run one', description: 'first run', datasetName: 'qa-v3' });
    expect(run.datasetRunItems.map((i) => [i.datasetItemId, i.traceId, i.observationId]).sort()).toEqual(
      [[first.id, 'lf-v3-trace-1', null], ['item-2', 'lf-v3-trace-2', 'obs-1']].sort(),
    );
    const runs = await langfuse.getDatasetRuns('qa-v3');
    expect(runs.data.map((r) => r.name)).toEqual(['run one']);

    // The run is a Trace Hub experiment run whose scores are the linked traces' evaluations.
    const experiment = await call(server.app, 'GET', `/api/v1/experiments/${encodeURIComponent(link.datasetRunId)}`);
    expect(experiment.status).toBe(200);
    expect(experiment.body.experiment).toMatchObject({ name: 'run one', dataset_name: 'qa-v3', item_count: 2 });
    const items = new Map(experiment.body.items.map((i: { item_id: string }) => [i.item_id, i]));
    expect(items.get(first.id)).toMatchObject({ trace_id: 'lf-v3-trace-1', output: 'Paris', passed: true, score: 1, expected: 'Paris', scores: { correct: { score: 1, passed: true } } });
    expect(items.get('item-2')).toMatchObject({ trace_id: 'lf-v3-trace-2', output: '5', passed: false, score: 0, scores: { correct: { passed: false } } });
    const listed = await call(server.app, 'GET', '/api/v1/experiments?dataset_name=qa-v3');
    expect(listed.body.items.map((r: { run_id: string }) => r.run_id)).toEqual([link.datasetRunId]);
    await langfuse.shutdownAsync();
  });

  it('@langfuse/client 5.x: api.datasets.create, api.datasetItems.create, dataset.get with items, item.link and run reads', async () => {
    const langfuse = new LangfuseClient({ publicKey: 'pk-lf-test', secretKey: 'dev-key', baseUrl });
    const created = await langfuse.api.datasets.create({ name: 'qa-v5', metadata: { owner: 'ml' } });
    expect(created).toMatchObject({ id: 'qa-v5', name: 'qa-v5', metadata: { owner: 'ml' }, projectId: expect.any(String) });
    expect(await langfuse.api.datasets.get('qa-v5')).toMatchObject({ name: 'qa-v5' });
    const listed = await langfuse.api.datasets.list({ page: 1, limit: 10 });
    expect(listed.data.map((d) => d.name)).toContain('qa-v5');
    expect(listed.meta).toMatchObject({ page: 1, limit: 10 });

    await langfuse.api.datasetItems.create({ datasetName: 'qa-v5', id: 'v5-a', input: 'hello', expectedOutput: 'world', sourceTraceId: 'src-trace' });
    await langfuse.dataset.createItem({ datasetName: 'qa-v5', id: 'v5-b', input: { text: 'bye' } });
    const byTrace = await langfuse.api.datasetItems.list({ sourceTraceId: 'src-trace' });
    expect(byTrace.data.map((i) => i.id)).toEqual(['v5-a']);

    const dataset = await langfuse.dataset.get('qa-v5');
    expect(dataset.items.map((i) => i.id).sort()).toEqual(['v5-a', 'v5-b']);
    await trace('0af7651916cd43dd8448eb211c80319c', 'world');
    await evaluate('0af7651916cd43dd8448eb211c80319c', 'exact', 1, true);
    const item = dataset.items.find((i) => i.id === 'v5-a')!;
    const span = { otelSpan: { spanContext: () => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' }) } };
    const link = await item.link(span as never, 'v5 run', { description: 'from v5' });
    expect(link).toMatchObject({ datasetItemId: 'v5-a', traceId: '0af7651916cd43dd8448eb211c80319c', observationId: 'b7ad6b7169203331' });

    const run = await langfuse.api.datasets.getRun('qa-v5', 'v5 run');
    expect(run).toMatchObject({ name: 'v5 run', description: 'from v5', datasetRunItems: [{ datasetItemId: 'v5-a' }] });
    const runItems = await langfuse.api.datasetRunItems.list({ datasetId: created.id, runName: 'v5 run' });
    expect(runItems.data).toEqual([expect.objectContaining({ datasetRunId: link.datasetRunId, traceId: '0af7651916cd43dd8448eb211c80319c' })]);
    const experiment = await call(server.app, 'GET', `/api/v1/experiments/${encodeURIComponent(link.datasetRunId)}`);
    expect(experiment.body.items).toEqual([expect.objectContaining({ item_id: 'v5-a', passed: true, scores: { exact: expect.objectContaining({ score: 1 }) } })]);
  });

  it('raw HTTP: 404 for unknown datasets, items and runs, 400 for bad bodies, 409 for an id of another dataset', async () => {
    expect((await http('GET', '/api/public/v2/datasets/nope')).status).toBe(404);
    expect((await http('GET', '/api/public/datasets/nope')).status).toBe(404);
    expect((await http('GET', '/api/public/dataset-items/nope')).status).toBe(404);
    expect((await http('DELETE', '/api/public/dataset-items/nope')).status).toBe(404);
    expect((await http('GET', '/api/public/dataset-items?datasetName=nope')).status).toBe(404);
    expect((await http('POST', '/api/public/dataset-items', { datasetName: 'nope', input: 1 })).status).toBe(404);
    expect((await http('POST', '/api/public/v2/datasets', {})).status).toBe(400);
    expect((await http('POST', '/api/public/dataset-items', { input: 1 })).status).toBe(400);
    expect((await http('POST', '/api/public/dataset-run-items', { runName: 'r' })).status).toBe(400);
    const schema = await http('POST', '/api/public/v2/datasets', { name: 'with-schema', inputSchema: { type: 'object' } });
    expect(schema.status).toBe(501);
    expect(schema.body.message).toMatch(/JSON Schema/);

    await http('POST', '/api/public/v2/datasets', { name: 'raw-a' });
    await http('POST', '/api/public/v2/datasets', { name: 'raw-b' });
    expect((await http('POST', '/api/public/dataset-items', { datasetName: 'raw-a', id: 'shared', input: 1 })).status).toBe(200);
    const reused = await http('POST', '/api/public/dataset-items', { datasetName: 'raw-b', id: 'shared', input: 2 });
    expect(reused.status).toBe(409);
    expect(reused.body.message).toMatch(/raw-a/);
    expect((await http('GET', '/api/public/datasets/raw-a/runs/none')).status).toBe(404);
    expect((await http('GET', '/api/public/dataset-run-items?datasetId=raw-a&runName=none')).status).toBe(404);
    const noTrace = await http('POST', '/api/public/dataset-run-items', { runName: 'r', datasetItemId: 'shared', observationId: 'o' });
    expect(noTrace.status).toBe(400);
    expect(noTrace.body.message).toMatch(/traceId/);
    expect((await http('POST', '/api/public/dataset-run-items', { runName: 'r', datasetItemId: 'missing', traceId: 't' })).status).toBe(404);
  });

  it('raw HTTP: ARCHIVED items leave the lists and runs but stay readable by id; DELETE removes an item', async () => {
    await http('POST', '/api/public/v2/datasets', { name: 'arch', description: 'd' });
    await http('POST', '/api/public/dataset-items', { datasetName: 'arch', id: 'keep', input: 'k' });
    await http('POST', '/api/public/dataset-items', { datasetName: 'arch', id: 'old', input: 'o' });
    const before = (await http('GET', '/api/public/dataset-items?datasetName=arch')).body.meta.totalItems;
    expect(before).toBe(2);
    const versionTime = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const archived = await http('POST', '/api/public/dataset-items', { datasetName: 'arch', id: 'old', status: 'ARCHIVED' });
    expect(archived.body).toMatchObject({ id: 'old', status: 'ARCHIVED', input: 'o' });

    const list = await http('GET', '/api/public/dataset-items?datasetName=arch&page=1&limit=10');
    expect(list.body).toMatchObject({ data: [{ id: 'keep' }], meta: { page: 1, limit: 10, totalItems: 1, totalPages: 1 } });
    expect((await http('GET', '/api/public/datasets/arch')).body.items.map((i: { id: string }) => i.id)).toEqual(['keep']);
    expect((await http('GET', '/api/public/dataset-items/old')).body).toMatchObject({ status: 'ARCHIVED' });
    // Langfuse `version` (a time): the items as they were then.
    const then = await http('GET', `/api/public/dataset-items?datasetName=arch&version=${encodeURIComponent(versionTime)}`);
    expect(then.body.data.map((i: { id: string }) => i.id).sort()).toEqual(['keep', 'old']);
    expect((await http('POST', '/api/public/dataset-run-items', { runName: 'r', datasetItemId: 'old', traceId: 't' })).status).toBe(404);
    // Trace Hub keeps the archived item with its status.
    const own = await call(server.app, 'GET', '/api/v1/datasets/arch');
    expect(own.body.items.find((i: { id: string }) => i.id === 'old')).toMatchObject({ status: 'archived' });

    const deleted = await http('DELETE', '/api/public/dataset-items/keep');
    expect(deleted).toMatchObject({ status: 200, body: { message: expect.any(String) } });
    expect((await http('GET', '/api/public/dataset-items/keep')).status).toBe(404);
    expect((await call(server.app, 'GET', '/api/v1/datasets/arch')).body.items.map((i: { id: string }) => i.id)).toEqual(['old']);
  });

  it('a Langfuse name that is not a Trace Hub name (spaces, / folders) maps to one and reads back as sent', async () => {
    const langfuse = new Langfuse({ publicKey: 'pk-lf-test', secretKey: 'dev-key', baseUrl });
    const created = await langfuse.createDataset({ name: 'evals/Customer QA', metadata: { team: 'cs' } });
    expect(created).toMatchObject({ name: 'evals/Customer QA', metadata: { team: 'cs' } });
    const id = created.id as string;
    expect(id).toMatch(/^evals-Customer-QA-[0-9a-f]{10}$/);
    await langfuse.createDatasetItem({ datasetName: 'evals/Customer QA', id: 'cs-1', input: 'refund?' });
    const dataset = await langfuse.getDataset('evals/Customer QA');
    expect(dataset).toMatchObject({ id, name: 'evals/Customer QA' });
    expect(dataset.items).toEqual([expect.objectContaining({ id: 'cs-1', datasetId: id, datasetName: 'evals/Customer QA' })]);
    // The same name again is the same dataset; Trace Hub's API lists it under its Trace Hub name.
    await langfuse.createDataset({ name: 'evals/Customer QA', description: 'again' });
    const own = await call(server.app, 'GET', `/api/v1/datasets/${id}`);
    expect(own.body).toMatchObject({ dataset: { name: id, description: 'again', metadata: { team: 'cs', 'langfuse.name': 'evals/Customer QA' } }, items: [{ id: 'cs-1' }] });
    await call(server.app, 'POST', '/api/v1/ingest/traces', { trace: { trace_id: 'cs-trace', start_time: '2026-02-07T10:00:00Z' }, spans: [] });
    await dataset.items[0].link({ traceId: 'cs-trace' } as never, 'cs run');
    const run = await langfuse.getDatasetRun({ datasetName: 'evals/Customer QA', runName: 'cs run' });
    expect(run).toMatchObject({ datasetId: id, datasetName: 'evals/Customer QA', datasetRunItems: [{ datasetItemId: 'cs-1' }] });
    const runItems = await http('GET', `/api/public/dataset-run-items?datasetId=${id}&runName=cs%20run`);
    expect(runItems.body.data).toHaveLength(1);
    await langfuse.shutdownAsync();
  });

  it('raw HTTP (Python SDK calls): create_dataset, create_dataset_item and v1 list with items and runs', async () => {
    // Python v2/v3 `create_dataset(name=, description=, metadata=)` posts to /api/public/v2/datasets.
    const dataset = await http('POST', '/api/public/v2/datasets', { name: 'py-set', description: 'from python', metadata: 'not an object' });
    expect(dataset.body).toMatchObject({ name: 'py-set', metadata: 'not an object' });
    // `create_dataset_item(dataset_name=, input=, expected_output=, metadata=, source_trace_id=, status=)`.
    const item = await http('POST', '/api/public/dataset-items', {
      datasetName: 'py-set', input: { question: 'q' }, expectedOutput: { answer: 'a' }, metadata: ['m'], sourceTraceId: 'trace-x', sourceObservationId: 'obs-x', status: 'ACTIVE',
    });
    expect(item.body).toMatchObject({ metadata: ['m'], sourceTraceId: 'trace-x', sourceObservationId: 'obs-x' });
    // Python sends every argument; `null` keeps the stored value (archiving by id keeps input and metadata).
    const archived = await http('POST', '/api/public/dataset-items', {
      datasetName: 'py-set', id: item.body.id, input: null, expectedOutput: null, metadata: null, sourceTraceId: null, sourceObservationId: null, status: 'ARCHIVED',
    });
    expect(archived.body).toMatchObject({ input: { question: 'q' }, expectedOutput: { answer: 'a' }, metadata: ['m'], sourceTraceId: 'trace-x', status: 'ARCHIVED' });
    await http('POST', '/api/public/dataset-items', { datasetName: 'py-set', id: item.body.id, input: null, status: 'ACTIVE' });
    const again = await http('POST', '/api/public/v2/datasets', { name: 'py-set', description: null, metadata: null });
    expect(again.body).toMatchObject({ description: 'from python', metadata: 'not an object' });
    const v1 = await http('GET', '/api/public/datasets?page=1&limit=100');
    expect(v1.body.data.find((d: { name: string }) => d.name === 'py-set')).toMatchObject({ items: [item.body.id], runs: [] });
    const v2 = await http('GET', '/api/public/v2/datasets?limit=1&page=2');
    expect(v2.body.data).toHaveLength(1);
    expect(v2.body.meta.totalPages).toBe(v2.body.meta.totalItems);

    // `delete_dataset_run(dataset_name=, run_name=)` deletes the run and its items (the Trace Hub experiment run).
    await call(server.app, 'POST', '/api/v1/ingest/traces', { trace: { trace_id: 'py-run-trace', start_time: '2026-02-07T10:00:00Z' }, spans: [] });
    const link = await http('POST', '/api/public/dataset-run-items', { runName: 'py run', datasetItemId: item.body.id, traceId: 'py-run-trace' });
    expect(link.status).toBe(200);
    expect((await http('GET', '/api/public/datasets/py-set')).body.runs).toEqual(['py run']);
    expect((await http('DELETE', '/api/public/datasets/py-set/runs/py%20run')).body).toEqual({ message: expect.any(String) });
    expect((await call(server.app, 'GET', `/api/v1/experiments/${encodeURIComponent(link.body.datasetRunId)}`)).status).toBe(404);
    expect((await http('DELETE', '/api/public/datasets/py-set/runs/py%20run')).status).toBe(404);
  });
});

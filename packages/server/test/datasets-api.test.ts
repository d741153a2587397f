/** The datasets API on both backends: immutable versions with sha256, unchanged uploads, past versions, items from traces. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetDetailSchema, uploadResultSchema } from '@tracehub/core';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { call, startTestServer } from './helpers.js';

const STUB = { keywords: [], forbidden: [], reference: {} };
const ITEMS = [
  { id: 'case_001', input: { company: '네이버', position: '백엔드' }, expected_output: { keywords: ['트래픽'], forbidden: [], reference: {} }, metadata: { description: '대형 포털' } },
  { id: 'case_002', input: { company: '토스', position: 'iOS' }, expected_output: STUB, metadata: { description: '핀테크' } },
];

describe.each(BACKENDS)('datasets API on %s', (backend) => {
  let server: RunningServer;
  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) => call(server.app, method, `/api/v1${url}`, body);
  const shas: string[] = [];

  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await server.close();
  });

  it('an upload creates version 1 with a sha256; the same upload creates nothing', async () => {
    const first = await api('POST', '/datasets/prep_generate/items', { items: ITEMS, mode: 'replace', message: 'from files' });
    expect(first.status).toBe(201);
    const result = uploadResultSchema.parse(first.body);
    expect(result).toMatchObject({ created: true, added: 2, updated: 0, removed: 0, version: { version: 1, item_count: 2, message: 'from files' } });
    expect(result.version?.sha256).toMatch(/^[0-9a-f]{64}$/);
    shas.push(result.version!.sha256);

    const reordered = { items: [ITEMS[1], { ...ITEMS[0], input: { position: '백엔드', company: '네이버' } }], mode: 'replace' };
    const again = await api('POST', '/datasets/prep_generate/items', reordered);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, unchanged: 2, version: { version: 1, sha256: shas[0] } });
  });

  it('each change makes a new version with a different sha256, and past versions stay readable', async () => {
    const changed = await api('POST', '/datasets/prep_generate/items', {
      items: [{ ...ITEMS[0], expected_output: { ...ITEMS[0].expected_output, keywords: ['트래픽', '장애'] } }, { id: 'case_003', input: { company: '당근', position: '데이터' } }],
      mode: 'replace',
    });
    expect(changed.body).toMatchObject({ created: true, added: 1, updated: 1, removed: 1, version: { version: 2, item_count: 2 } });
    shas.push(changed.body.version.sha256);
    expect(shas[1]).not.toBe(shas[0]);

    const merged = await api('POST', '/datasets/prep_generate/items', { items: [{ id: 'case_002', input: ITEMS[1].input, status: 'archived' }] });
    expect(merged.body).toMatchObject({ created: true, added: 1, version: { version: 3, item_count: 3 } });

    const v1 = datasetDetailSchema.parse((await api('GET', '/datasets/prep_generate?version=1')).body);
    expect(v1.version).toMatchObject({ version: 1, sha256: shas[0] });
    expect(v1.items.map((i) => i.id)).toEqual(['case_001', 'case_002']);
    expect(v1.items[0]).toMatchObject({ input: ITEMS[0].input, expected_output: ITEMS[0].expected_output, metadata: { description: '대형 포털' }, status: 'active', version: 1 });
    const latest = datasetDetailSchema.parse((await api('GET', '/datasets/prep_generate')).body);
    expect(latest.dataset.latest_version).toBe(3);
    expect(latest.items.map((i) => [i.id, i.status, i.version])).toEqual([['case_001', 'active', 2], ['case_002', 'archived', 3], ['case_003', 'active', 2]]);
    const versions = (await api('GET', '/datasets/prep_generate/versions')).body.items;
    expect(versions.map((v: { version: number; sha256: string }) => v.sha256).slice(0, 2)).toEqual(shas);
    expect((await api('GET', '/datasets/prep_generate?version=9')).status).toBe(404);
  });

  it('the sha256 depends only on content: the same items in another dataset hash the same', async () => {
    await api('POST', '/datasets/copy/items', { items: [...ITEMS].reverse() });
    const copy = (await api('GET', '/datasets/copy')).body;
    expect(copy.version.sha256).toBe(shas[0]);
  });

  it('adds items from a trace or a span, and removes items as a new version', async () => {
    await api('POST', '/ingest/traces', {
      trace: { trace_id: 'trace-a', name: 'qa', input_text: '{"question": "환불 규정?"}', output_text: '7일 이내', start_time: '2026-02-07T10:00:00Z' },
      spans: [{ span_id: 'llm-1', name: 'llm', span_type: 'llm', input: { messages: [{ role: 'user', content: 'hi' }] }, output: 'hello' }],
    });
    const fromTrace = await api('POST', '/datasets/from_prod/items/from-trace', { trace_id: 'trace-a' });
    expect(fromTrace.status).toBe(201);
    const fromSpan = await api('POST', '/datasets/from_prod/items/from-trace', { trace_id: 'trace-a', span_id: 'llm-1', metadata: { note: 'x' } });
    expect(fromSpan.body).toMatchObject({ created: true, item_id: 'trace-a:llm-1', version: { version: 2 } });
    const again = await api('POST', '/datasets/from_prod/items/from-trace', { trace_id: 'trace-a' });
    expect(again.body).toMatchObject({ created: false });
    const detail = (await api('GET', '/datasets/from_prod')).body;
    expect(detail.items).toEqual([
      expect.objectContaining({ id: 'trace-a', input: { question: '환불 규정?' }, expected_output: '7일 이내', source_trace_id: 'trace-a', source_span_id: null }),
      expect.objectContaining({ id: 'trace-a:llm-1', input: { messages: [{ role: 'user', content: 'hi' }] }, expected_output: 'hello', source_span_id: 'llm-1', metadata: expect.objectContaining({ note: 'x', span_name: 'llm' }) }),
    ]);
    expect((await api('POST', '/datasets/from_prod/items/from-trace', { trace_id: 'nope' })).status).toBe(404);
    expect((await api('POST', '/datasets/from_prod/items/from-trace', { trace_id: 'trace-a', span_id: 'nope' })).status).toBe(404);

    const removed = await api('DELETE', '/datasets/from_prod/items/trace-a');
    expect(removed.body).toMatchObject({ removed: true, version: { version: 3, item_count: 1, removed: 1 } });
    expect((await api('DELETE', '/datasets/from_prod/items/trace-a')).status).toBe(404);
  });

  it('creates, describes and lists datasets', async () => {
    const created = await api('POST', '/datasets', { name: 'empty_one', description: '빈 데이터셋', metadata: { owner: 'kim' } });
    expect(created.status).toBe(201);
    expect((await api('POST', '/datasets', { name: 'empty_one', description: '바뀜' })).status).toBe(200);
    const detail = (await api('GET', '/datasets/empty_one')).body;
    expect(detail).toMatchObject({ dataset: { description: '바뀜', metadata: { owner: 'kim' }, latest_version: 0 }, version: null, items: [] });
    const list = (await api('GET', '/datasets')).body.items;
    expect(list.map((d: { name: string }) => d.name)).toEqual(['copy', 'empty_one', 'from_prod', 'prep_generate']);
    expect(list.find((d: { name: string }) => d.name === 'prep_generate')).toMatchObject({ latest_version: 3, item_count: 3 });
    expect((await api('GET', '/datasets/missing')).status).toBe(404);
  });

  it('derives ids from the input when left out, so re-sending is not a new item', async () => {
    const body = { items: [{ input: 'plain question' }, { input: { q: 1 } }] };
    const first = await api('POST', '/datasets/no_ids/items', body);
    expect(first.body).toMatchObject({ added: 2 });
    expect((await api('POST', '/datasets/no_ids/items', body)).body).toMatchObject({ created: false, unchanged: 2 });
  });

  it('refuses bad input with a 4xx naming the field, and writes nothing', async () => {
    const bad: Array<[string, unknown, string]> = [
      ['/datasets/x/items', { items: [{ id: 'a' }] }, 'items[0].input'],
      ['/datasets/x/items', { items: [{ id: 'a', input: 1 }, { id: 'a', input: 2 }] }, 'items[1].id'],
      ['/datasets/x/items', { items: [{ id: '', input: 1 }] }, 'items[0].id'],
      ['/datasets/x/items', { items: [{ id: 'a', input: 1, status: 'deleted' }] }, 'items[0].status'],
      ['/datasets/x/items', { items: [], mode: 'upsert' }, 'mode'],
      ['/datasets/x/items', { items: 'no' }, 'items'],
      ['/datasets/bad%20name/items', { items: [] }, 'params.name'],
      ['/datasets', { name: '' }, 'name'],
      ['/datasets/x/items/from-trace', {}, 'trace_id'],
    ];
    for (const [url, body, field] of bad) {
      const res = await api('POST', url, body);
      expect(res.status, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.issues?.[0]?.path ?? '', JSON.stringify(res.body)).toContain(field);
    }
    expect((await api('GET', '/datasets/x')).status).toBe(404);
    expect((await api('GET', '/datasets/prep_generate?version=-1')).status).toBe(400);
    expect((await api('GET', '/datasets/prep_generate?version=99999999999')).status).toBe(400);
    expect((await api('POST', '/datasets/x/items', { items: [{ id: 'a', input: 1, source_trace_id: 'nul\u0000' }] })).status).toBe(400);
    const deep = `{"items": [{"id": "a", "input": ${'['.repeat(200_000)}${']'.repeat(200_000)}}]}`;
    const tooDeep = await server.app.inject({ method: 'POST', url: '/api/v1/datasets/x/items', headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' }, payload: deep });
    expect(tooDeep.statusCode).toBe(400);
    expect((await api('GET', '/datasets/x')).status).toBe(404);
  });
});

// Langfuse scores through the real `langfuse` 3.x and `@langfuse/client` 5.x SDKs and raw HTTP
// (Python's create_score bodies), read back through Trace Hub's own trace API and the Langfuse API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Langfuse } from 'langfuse';
import { LangfuseClient } from '@langfuse/client';
import type { RunningServer } from '../../src/server.js';
import { basicAuth, call, callWith, startTestServer } from '../helpers.js';

const auth = basicAuth('pk-lf-test');

describe('Langfuse scores', () => {
  let server: RunningServer;
  let baseUrl: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
    for (const [traceId, userId] of [['sc-trace-1', 'u-1'], ['sc-trace-2', 'u-2'], ['sc-trace-3', 'u-3']]) {
      const res = await call(server.app, 'POST', '/api/v1/ingest/traces', { trace: { trace_id: traceId, start_time: '2026-02-07T10:00:00Z', user_id: userId }, spans: [] });
      expect(res.status).toBeLessThan(300);
    }
  });
  afterAll(async () => {
    await server.close();
  });

  const http = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown) => callWith(server.app, { authorization: auth }, method, url, body);
  const ownEvals = async (traceId: string) => (await call(server.app, 'GET', `/api/v1/traces/${traceId}`)).body.evals as Record<string, unknown>[];

  it('raw HTTP POST /api/public/scores (Python create_score bodies): numeric, BOOLEAN, CATEGORICAL and TEXT', async () => {
    const numeric = await http('POST', '/api/public/scores', { traceId: 'sc-trace-1', name: 'accuracy', value: 0.9, comment: 'close', id: 'score-num' });
    expect(numeric).toEqual({ status: 200, body: { id: 'score-num' } });
    const bool = await http('POST', '/api/public/scores', { traceId: 'sc-trace-1', name: 'hallucination', value: 0, dataType: 'BOOLEAN' });
    expect(bool.body.id).toEqual(expect.any(String));
    await http('POST', '/api/public/scores', { traceId: 'sc-trace-1', name: 'tone', value: 'friendly', dataType: 'CATEGORICAL', metadata: { by: 'me' } });
    await http('POST', '/api/public/scores', { traceId: 'sc-trace-1', observationId: 'obs-9', name: 'feedback', value: 'Great', dataType: 'TEXT', source: 'ANNOTATION' });

    const evals = await ownEvals('sc-trace-1');
    expect(evals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ eval_name: 'accuracy', score: 0.9, comment: 'close' }),
        expect.objectContaining({ eval_name: 'hallucination', passed: false, score: 0 }),
        expect.objectContaining({ eval_name: 'tone', label: 'friendly' }),
        expect.objectContaining({ eval_name: 'feedback', label: 'Great', span_id: 'obs-9', source: 'human' }),
      ]),
    );
    const read = await http('GET', '/api/public/v2/scores/score-num');
    expect(read.body).toMatchObject({ id: 'score-num', traceId: 'sc-trace-1', name: 'accuracy', value: 0.9, dataType: 'NUMERIC', source: 'API', comment: 'close' });
    const boolRead = await http('GET', `/api/public/v2/scores/${bool.body.id}`);
    expect(boolRead.body).toMatchObject({ dataType: 'BOOLEAN', value: 0, stringValue: 'False' });
    // The same id again changes nothing (evaluations are append-only; the score id is the idempotency key).
    expect((await http('POST', '/api/public/scores', { traceId: 'sc-trace-1', name: 'accuracy', value: 0.1, id: 'score-num' })).body).toEqual({ id: 'score-num' });
    expect((await ownEvals('sc-trace-1')).filter((e) => e.eval_name === 'accuracy')).toHaveLength(1);
  });

  it('raw HTTP: 400 for bad scores, 404 for an unknown score, a score before its trace', async () => {
    expect((await http('POST', '/api/public/scores', { traceId: 'sc-trace-1', value: 1 })).status).toBe(400);
    expect((await http('POST', '/api/public/scores', { traceId: 'sc-trace-1', name: 'b', value: 2, dataType: 'BOOLEAN' })).status).toBe(400);
    expect((await http('POST', '/api/public/scores', { traceId: 'sc-trace-1', name: 'c', value: 1, dataType: 'CATEGORICAL' })).status).toBe(400);
    const session = await http('POST', '/api/public/scores', { sessionId: 's', name: 'n', value: 1 });
    expect(session.status).toBe(400);
    expect(session.body.message).toMatch(/session/);
    expect((await http('POST', '/api/public/scores', 'text')).status).toBe(400);
    // A score for a trace not seen yet creates the trace, as the ingestion does (Langfuse keeps such scores too).
    const early = await http('POST', '/api/public/scores', { traceId: 'not-yet-traced', name: 'n', value: 1 });
    expect(early.status).toBe(200);
    expect((await ownEvals('not-yet-traced')).map((e) => e.eval_name)).toEqual(['n']);
    expect((await http('GET', '/api/public/v2/scores/nope')).status).toBe(404);
    expect((await http('DELETE', '/api/public/scores/nope')).status).toBe(404);
    expect((await http('GET', '/api/public/v2/scores?limit=101')).status).toBe(400);
    expect((await http('GET', '/api/public/v2/scores?traceTags=a')).status).toBe(501);
  });

  it('GET /api/public/v2/scores filters by trace, user, name, source, dataType, value, time and ids, paged', async () => {
    await http('POST', '/api/public/scores', { traceId: 'sc-trace-2', name: 'accuracy', value: 0.2, id: 'u2-acc' });
    await http('POST', '/api/public/scores', { traceId: 'sc-trace-3', name: 'accuracy', value: 0.7, id: 'u3-acc', environment: 'staging' });
    const ids = async (query: string) => ((await http('GET', `/api/public/v2/scores?${query}`)).body.data as { id: string }[]).map((s) => s.id).sort();
    expect(await ids('traceId=sc-trace-2')).toEqual(['u2-acc']);
    expect(await ids('userId=u-3')).toEqual(['u3-acc']);
    expect(await ids('name=accuracy')).toEqual(['score-num', 'u2-acc', 'u3-acc']);
    expect((await ids('source=ANNOTATION')).length).toBe(1);
    expect((await ids('dataType=BOOLEAN')).length).toBe(1);
    expect(await ids('name=accuracy&operator=%3E&value=0.5')).toEqual(['score-num', 'u3-acc']);
    expect(await ids('environment=staging')).toEqual(['u3-acc']);
    expect(await ids('scoreIds=u2-acc,u3-acc')).toEqual(['u2-acc', 'u3-acc']);
    expect(await ids('sessionId=s-1')).toEqual([]);
    expect(await ids(`fromTimestamp=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    const paged = await http('GET', '/api/public/v2/scores?name=accuracy&limit=2&page=2');
    expect(paged.body.meta).toEqual({ page: 2, limit: 2, totalItems: 3, totalPages: 2 });
    expect(paged.body.data).toHaveLength(1);
    const filteredPage = await http('GET', '/api/public/v2/scores?dataType=NUMERIC&limit=1');
    expect(filteredPage.body.meta).toMatchObject({ totalItems: 4, totalPages: 4 });
  });

  it('DELETE /api/public/scores/{id} removes the evaluation', async () => {
    await http('POST', '/api/public/scores', { traceId: 'sc-trace-2', name: 'temp', value: 1, id: 'to-delete' });
    expect((await http('DELETE', '/api/public/scores/to-delete')).status).toBe(204);
    expect((await http('GET', '/api/public/v2/scores/to-delete')).status).toBe(404);
    expect((await ownEvals('sc-trace-2')).map((e) => e.eval_name)).toEqual(['accuracy']);
  });

  it('langfuse 3.x: score() through the ingestion batch, api.scoreCreate, api.scoreV2Get and api.scoreDelete', async () => {
    const langfuse = new Langfuse({ publicKey: 'pk-lf-test', secretKey: 'dev-key', baseUrl });
    langfuse.score({ id: 'v3-batch', traceId: 'sc-trace-3', name: 'relevance', value: 1, dataType: 'BOOLEAN', comment: 'on topic' });
    await langfuse.flushAsync();
    expect(await ownEvals('sc-trace-3')).toEqual(expect.arrayContaining([expect.objectContaining({ eval_name: 'relevance', passed: true, comment: 'on topic' })]));
    const created = await langfuse.api.scoreCreate({ traceId: 'sc-trace-3', name: 'style', value: 'terse', dataType: 'CATEGORICAL' });
    expect(created).toMatchObject({ id: expect.any(String) });
    const listed = await langfuse.api.scoreV2Get({ userId: 'u-3' });
    expect(listed.data.map((s) => s.name).sort()).toEqual(['accuracy', 'relevance', 'style']);
    expect(listed.data.find((s) => s.name === 'style')).toMatchObject({ dataType: 'CATEGORICAL', stringValue: 'terse' });
    await langfuse.api.scoreDelete('v3-batch');
    expect((await ownEvals('sc-trace-3')).map((e) => e.eval_name).sort()).toEqual(['accuracy', 'style']);
    await langfuse.shutdownAsync();
  });

  it('@langfuse/client 5.x: score.create + flush, api.scores.create, getMany, getById and api.legacy.scoreV1.delete', async () => {
    const langfuse = new LangfuseClient({ publicKey: 'pk-lf-test', secretKey: 'dev-key', baseUrl });
    langfuse.score.create({ id: 'v5-batch', traceId: 'sc-trace-2', name: 'helpful', value: 0.6, comment: 'ok' });
    await langfuse.score.flush();
    expect(await ownEvals('sc-trace-2')).toEqual(expect.arrayContaining([expect.objectContaining({ eval_name: 'helpful', score: 0.6 })]));
    const created = await langfuse.api.scores.create({ traceId: 'sc-trace-2', name: 'safe', value: 1, dataType: 'BOOLEAN' });
    const one = await langfuse.api.scores.getById(created.id);
    expect(one).toMatchObject({ id: created.id, name: 'safe', dataType: 'BOOLEAN', value: 1 });
    const many = await langfuse.api.scores.getMany({ traceId: 'sc-trace-2', name: 'helpful' });
    expect(many.data).toEqual([expect.objectContaining({ id: 'v5-batch', value: 0.6, comment: 'ok' })]);
    await langfuse.api.legacy.scoreV1.delete(created.id);
    await expect(langfuse.api.scores.getById(created.id)).rejects.toThrow();
  });
});

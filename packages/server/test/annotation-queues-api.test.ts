/**
 * Annotation queues (issue 17 item 2) on both backends: queues with score definitions, items by
 * trace ids, spans and a trace-list filter, the next item locked per reviewer with the judge's
 * score and reasoning, human scores stored as evaluations with source `human` (and the trace's
 * `user_review_passed`), skips, several reviewers per item, per-reviewer progress, a reviewed item
 * turned into a dataset item with its corrected expected output, viewers refused, bad input 4xx.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { call, startTestServer } from './helpers.js';

const DEFINITIONS = [
  { name: 'correct', type: 'boolean' },
  { name: 'helpfulness', type: 'numeric', min: 1, max: 5 },
  { name: 'tone', type: 'categorical', labels: ['polite', 'neutral', 'rude'] },
  { name: 'note', type: 'text' },
];

describe.each(BACKENDS)('annotation queues API on %s', (backend) => {
  let server: RunningServer;
  let queueId: string;
  let viewerKey: string;
  let otherReviewerKey: string;
  const now = Date.now();

  beforeAll(async () => {
    server = await startTestServer(backend, { ingestWorker: false });
    for (let i = 0; i < 6; i++) {
      const trace = {
        trace_id: `aq-${i}`, name: i < 4 ? 'chat' : 'search', status: 'success', environment: 'prod', input_text: `question ${i}`,
        output_text: `answer ${i}`, start_time: new Date(now - (10 - i) * 60_000).toISOString(),
      };
      const spans = [{ span_id: `aq-${i}-retrieve`, name: 'retrieve', span_type: 'retriever', start_time: trace.start_time, output: { docs: [`doc ${i}`] } }];
      expect((await call(server.app, 'POST', '/api/v1/ingest/traces', { trace, spans })).status).toBe(200);
    }
    expect((await call(server.app, 'POST', '/api/v1/evals', {
      trace_id: 'aq-0', eval_name: 'correct', source: 'judge', eval_model: 'judge-1', passed: false, score: 0, comment: { reasoning: 'the answer misses the refund window' },
    })).status).toBeLessThan(300);
    viewerKey = (await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'viewer', scopes: ['read'] })).body.key;
    otherReviewerKey = (await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'second', scopes: ['read', 'ingest'] })).body.key;
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates and lists a queue with its score definitions', async () => {
    const created = await call(server.app, 'POST', '/api/v1/annotation-queues', { name: 'support review', score_definitions: DEFINITIONS, reviews_per_item: 2 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'support review', reviews_per_item: 2, score_definitions: DEFINITIONS, items: 0 });
    queueId = created.body.id;
    expect((await call(server.app, 'POST', '/api/v1/annotation-queues', { name: 'support review', score_definitions: DEFINITIONS })).status).toBe(409);
    const list = await call(server.app, 'GET', '/api/v1/annotation-queues', undefined, viewerKey);
    expect(list.status).toBe(200);
    expect(list.body.queues.map((q: { name: string }) => q.name)).toEqual(['support review']);
    const doc = (await server.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/v1/annotation-queues']).sort()).toEqual(['get', 'post']);
    expect(doc.paths['/api/v1/annotation-queues/{id}/items/{item_id}/scores'].post).toBeTruthy();
  });

  it('refuses bad queues, items and scores with 4xx', async () => {
    const bad: unknown[] = [
      {}, { name: 'x', score_definitions: [] }, { name: 'x', score_definitions: [{ name: 'n', type: 'numeric', min: 5, max: 1 }] },
      { name: 'x', score_definitions: [{ name: 'c', type: 'categorical', labels: ['a'] }] },
      { name: 'x', score_definitions: [{ name: 'a', type: 'boolean' }, { name: 'a', type: 'text' }] },
      { name: 'x', score_definitions: [{ name: 'a', type: 'stars' }] }, { name: 'x\u0000', score_definitions: DEFINITIONS },
      { name: 'x', score_definitions: DEFINITIONS, reviews_per_item: 0 }, [], 'text',
    ];
    for (const body of bad) expect((await call(server.app, 'POST', '/api/v1/annotation-queues', body)).status).toBe(400);
    const items = `/api/v1/annotation-queues/${queueId}/items`;
    expect((await call(server.app, 'POST', items, {})).status).toBe(400);
    expect((await call(server.app, 'POST', items, { trace_ids: ['aq-0'], filter: { name: 'chat' } })).status).toBe(400);
    expect((await call(server.app, 'POST', items, { filter: { nonsense: 'x' } })).status).toBe(400);
    expect((await call(server.app, 'POST', items, { filter: { score_min: 'abc' } })).status).toBe(400);
    expect((await call(server.app, 'POST', items, { trace_ids: ['missing-trace'] })).status).toBe(404);
    expect((await call(server.app, 'POST', items, { items: [{ trace_id: 'aq-0', span_id: 'nope' }] })).status).toBe(404);
    expect((await call(server.app, 'POST', '/api/v1/annotation-queues/nope/items', { trace_ids: ['aq-0'] })).status).toBe(404);
    expect((await call(server.app, 'GET', '/api/v1/annotation-queues/nope/next')).status).toBe(404);
    expect((await call(server.app, 'POST', `/api/v1/annotation-queues/${queueId}/items/nope/scores`, { scores: { correct: true } })).status).toBe(404);
    // Hostile ids and sizes: 400 before reaching the database.
    expect((await call(server.app, 'POST', items, { trace_ids: ['a\u0000b'] })).status).toBe(400);
    expect((await call(server.app, 'POST', items, { trace_ids: ['x'.repeat(129)] })).status).toBe(400);
    expect((await call(server.app, 'POST', items, { trace_ids: Array.from({ length: 1001 }, (_, i) => `t${i}`) })).status).toBe(400);
    expect((await call(server.app, 'POST', items, { filter: { name: 'chat' }, limit: 5000 })).status).toBe(400);
    expect((await call(server.app, 'GET', '/api/v1/annotation-queues/a%00b')).status).toBe(400);
    expect((await call(server.app, 'POST', `/api/v1/annotation-queues/${queueId}/items/a%00b/skip`)).status).toBe(400);
    expect((await call(server.app, 'POST', '/api/v1/annotation-queues', { name: 'x', score_definitions: Array.from({ length: 21 }, (_, i) => ({ name: `s${i}`, type: 'boolean' })) })).status).toBe(400);
  });

  it('adds items by trace ids, spans and the trace list filter, each once', async () => {
    const items = `/api/v1/annotation-queues/${queueId}/items`;
    expect((await call(server.app, 'POST', items, { trace_ids: ['aq-0', 'aq-1'] })).body).toMatchObject({ added: 2, already_queued: 0 });
    expect((await call(server.app, 'POST', items, { items: [{ trace_id: 'aq-1', span_id: 'aq-1-retrieve' }], source: 'failed-eval', source_ref: 'e-1' })).body).toMatchObject({ added: 1 });
    // The filter is the trace list's: name=chat matches aq-0..aq-3; two are queued already.
    expect((await call(server.app, 'POST', items, { filter: { name: 'chat', sort: 'start_time:asc' } })).body).toMatchObject({ added: 2, already_queued: 2, requested: 4 });
    expect((await call(server.app, 'POST', items, { trace_ids: ['aq-4'], source: 'miss-query', source_ref: 'refund' })).body).toMatchObject({ added: 1 });
    const detail = await call(server.app, 'GET', `/api/v1/annotation-queues/${queueId}`, undefined, viewerKey);
    expect(detail.body.items).toBe(6);
    expect(detail.body.item_list.map((i: { trace_id: string; source: string }) => `${i.trace_id}:${i.source}`)).toEqual([
      'aq-0:manual', 'aq-1:manual', 'aq-1:failed-eval', 'aq-2:filter', 'aq-3:filter', 'aq-4:miss-query',
    ]);
  });

  it('viewers can look but not review or score', async () => {
    expect((await call(server.app, 'GET', `/api/v1/annotation-queues/${queueId}/next`, undefined, viewerKey)).status).toBe(403);
    const detail = await call(server.app, 'GET', `/api/v1/annotation-queues/${queueId}`);
    const itemId = detail.body.item_list[0].id;
    expect((await call(server.app, 'POST', `/api/v1/annotation-queues/${queueId}/items/${itemId}/scores`, { scores: { correct: true } }, viewerKey)).status).toBe(403);
    expect((await call(server.app, 'POST', `/api/v1/annotation-queues/${queueId}/items`, { trace_ids: ['aq-5'] }, viewerKey)).status).toBe(403);
  });

  it('hands out the next item locked, with the input, output, context and the judge score and reasoning', async () => {
    const next = await call(server.app, 'GET', `/api/v1/annotation-queues/${queueId}/next`);
    expect(next.status).toBe(200);
    expect(next.body.item).toMatchObject({ trace_id: 'aq-0', span_id: null, locked_by: expect.stringMatching(/^key:/) });
    expect(next.body.trace).toMatchObject({ input_text: 'question 0', output_text: 'answer 0' });
    expect(next.body.context.map((s: { name: string }) => s.name)).toEqual(['retrieve']);
    expect(next.body.judge_scores).toEqual([expect.objectContaining({ eval_name: 'correct', source: 'judge', passed: false, comment: { reasoning: 'the answer misses the refund window' } })]);
    // Asking again answers the same item; another reviewer gets a different one while it is locked.
    expect((await call(server.app, 'GET', `/api/v1/annotation-queues/${queueId}/next`)).body.item.id).toBe(next.body.item.id);
    const other = await call(server.app, 'GET', `/api/v1/annotation-queues/${queueId}/next`, undefined, otherReviewerKey);
    expect(other.body.item.trace_id).toBe('aq-1');
    const scoreUrl = `/api/v1/annotation-queues/${queueId}/items/${other.body.item.id}/scores`;
    expect((await call(server.app, 'POST', scoreUrl, { scores: { correct: true } })).status).toBe(409);
  });

  it('stores human scores as evaluations with source human and sets user_review_passed', async () => {
    const next = await call(server.app, 'GET', `/api/v1/annotation-queues/${queueId}/next`);
    const url = `/api/v1/annotation-queues/${queueId}/items/${next.body.item.id}/scores`;
    for (const scores of [{ helpfulness: 6 }, { helpfulness: 'high' }, { tone: 'angry' }, { correct: 'yes' }, { unknown: 1 }, { note: '' }]) {
      expect((await call(server.app, 'POST', url, { scores })).status).toBe(400);
    }
    expect((await call(server.app, 'POST', url, { scores: {} })).status).toBe(400);
    const scored = await call(server.app, 'POST', url, {
      scores: { correct: true, helpfulness: 4, tone: 'polite', note: 'fine after all' }, comment: 'judge was too strict', user_review_passed: true,
    });
    expect(scored.status).toBe(200);
    expect(scored.body).toMatchObject({ scores: 4, user_review_passed: true });
    expect((await call(server.app, 'POST', url, { scores: { correct: true } })).status).toBe(409);
    const trace = await call(server.app, 'GET', '/api/v1/traces/aq-0');
    expect(trace.body.trace.user_review_passed).toBe(true);
    const human = trace.body.evals.filter((e: { source: string }) => e.source === 'human');
    expect(human.map((e: { eval_name: string; score: number | null; passed: boolean | null; label: string | null }) => [e.eval_name, e.score, e.passed, e.label]).sort()).toEqual([
      ['correct', 1, true, null], ['helpfulness', 4, null, null], ['note', null, null, 'fine after all'], ['tone', null, null, 'polite'],
    ]);
    expect(human.find((e: { eval_name: string }) => e.eval_name === 'tone')).toMatchObject({
      comment: 'judge was too strict', metadata: expect.objectContaining({ annotation_queue_id: queueId, reviewer: next.body.item.locked_by, score_type: 'categorical' }),
    });
  });

  it('lets a second reviewer review the same item, counts skips, and shows progress per reviewer', async () => {
    // The second reviewer already holds aq-1; they skip it, then get aq-0 (which needs two reviews).
    const held = await call(server.app, 'GET', `/api/v1/annotation-queues/${queueId}/next`, undefined, otherReviewerKey);
    expect(held.body.item.trace_id).toBe('aq-1');
    expect((await call(server.app, 'POST', `/api/v1/annotation-queues/${queueId}/items/${held.body.item.id}/skip`, undefined, otherReviewerKey)).status).toBe(200);
    const next = await call(server.app, 'GET', `/api/v1/annotation-queues/${queueId}/next`, undefined, otherReviewerKey);
    expect(next.body.item.trace_id).toBe('aq-0');
    expect((await call(server.app, 'POST', `/api/v1/annotation-queues/${queueId}/items/${next.body.item.id}/scores`, { scores: { correct: false } }, otherReviewerKey)).status).toBe(200);
    const detail = await call(server.app, 'GET', `/api/v1/annotation-queues/${queueId}`);
    expect(detail.body.completed).toBe(1);
    expect(detail.body.reviewers.map((r: { done: number; skipped: number }) => [r.done, r.skipped]).sort()).toEqual([[1, 0], [1, 1]]);
    expect(detail.body.item_list[0]).toMatchObject({ trace_id: 'aq-0', reviews_done: 2, status: 'completed' });
  });

  it('turns a reviewed item into a dataset item with the corrected expected output', async () => {
    const detail = await call(server.app, 'GET', `/api/v1/annotation-queues/${queueId}`);
    const itemId = detail.body.item_list[0].id;
    const url = `/api/v1/annotation-queues/${queueId}/items/${itemId}/dataset-item`;
    expect((await call(server.app, 'POST', url, { dataset: 'bad name!' , expected_output: 'x' })).status).toBe(400);
    expect((await call(server.app, 'POST', url, { dataset: 'refunds' })).status).toBe(400);
    const made = await call(server.app, 'POST', url, { dataset: 'refunds', expected_output: 'Refunds within 30 days.' });
    expect(made.status).toBe(201);
    const items = await call(server.app, 'GET', '/api/v1/datasets/refunds');
    expect(items.body.items).toEqual([expect.objectContaining({ input: 'question 0', expected_output: 'Refunds within 30 days.', source_trace_id: 'aq-0' })]);
  });

  it('adds a trace sent twice in one request once', async () => {
    const created = await call(server.app, 'POST', '/api/v1/annotation-queues', { name: 'duplicates', score_definitions: [{ name: 'ok', type: 'boolean' }] });
    const added = await call(server.app, 'POST', `/api/v1/annotation-queues/${created.body.id}/items`, { trace_ids: ['aq-5', 'aq-5', 'aq-4'] });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ added: 2, already_queued: 1, requested: 3 });
  });
});

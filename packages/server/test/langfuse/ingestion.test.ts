// Langfuse tracing through POST /api/public/ingestion: the real JS SDK v3 (`langfuse`) against a
// listening server, read back through Trace Hub's own API; raw batches for upsert order, duplicate
// event ids, malformed events, scores and the Python v2 SDK's batch shape. On SQLite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { Langfuse } from 'langfuse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { basicAuth, call, startTestServer } from '../helpers.js';

const basic = basicAuth('pk-lf-x');

interface Node {
  span_id: string;
  name: string;
  span_type: string;
  children: Node[];
  [key: string]: unknown;
}
const flatten = (nodes: Node[]): Node[] => nodes.flatMap((n) => [n, ...flatten(n.children)]);

describe.each(['sqlite', 'postgres'] as const)('Langfuse ingestion (%s)', (backend) => {
  let server: RunningServer;
  let baseUrl: string;
  beforeAll(async () => {
    server = await startTestServer(backend);
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
  });

  const post = async (body: unknown) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/public/ingestion',
      headers: { authorization: basic, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    return { status: response.statusCode, body: response.json() };
  };
  const detail = async (traceId: string): Promise<Record<string, any> & { byId: Map<string, Node>; flat: Node[] }> => {
    const response = await call(server.app, 'GET', `/api/v1/traces/${encodeURIComponent(traceId)}`);
    expect(response.status).toBe(200);
    const spans = flatten(response.body.spans as Node[]);
    return { ...response.body, byId: new Map(spans.map((s) => [s.span_id, s])), flat: spans };
  };
  const event = (type: string, body: Record<string, unknown>, id: string = randomUUID()) => ({
    id, type, timestamp: new Date().toISOString(), body,
  });

  it('stores what the JS SDK v3 sends: trace, nested spans, generation usage and cost, event, errors, scores, updates', async () => {
    const langfuse = new Langfuse({ publicKey: 'pk-lf-x', secretKey: 'dev-key', baseUrl, flushAt: 4, environment: 'staging' });
    const errors: unknown[] = [];
    langfuse.on('error', (e: unknown) => errors.push(e));
    const traceId = randomUUID();
    const createdAt = new Date(Date.now() - 5000);
    const trace = langfuse.trace({
      id: traceId, timestamp: createdAt, name: 'support-chat', userId: 'user-7', sessionId: 'session-3', tags: ['a'], input: { question: 'hi?' },
      metadata: { channel: 'web' }, release: 'r1', version: 'v2',
    });
    const span = trace.span({ name: 'retrieve', input: { q: 'hi' }, metadata: { index: 'kb' } });
    const started = new Date(Date.now() - 1000);
    const generation = span.generation({
      name: 'answer', model: 'gpt-4o-mini', modelParameters: { temperature: 0.2 }, input: [{ role: 'user', content: 'hi?' }],
      startTime: started, completionStartTime: new Date(started.getTime() + 150),
    });
    generation.end({
      output: { role: 'assistant', content: 'hello' },
      usage: { input: 1000, output: 200, total: 1200 },
      usageDetails: { input: 600, input_cached_tokens: 400, output: 200, total: 1200 },
    });
    generation.update({ metadata: { reviewed: true } });
    span.event({ name: 'cache-hit', input: { key: 'kb:hi' } });
    const failing = trace.span({ name: 'tool-call', level: 'ERROR', statusMessage: 'tool timed out' });
    failing.end();
    span.end({ output: { docs: 2 } });
    trace.update({ output: 'hello', tags: ['b'] });
    trace.score({ name: 'helpfulness', value: 0.75, comment: 'good enough' });
    langfuse.score({ traceId, observationId: generation.id, name: 'correct', value: 1, dataType: 'BOOLEAN' });
    langfuse.score({ traceId, name: 'tone', value: 'friendly', dataType: 'CATEGORICAL' });
    await langfuse.flushAsync();
    await langfuse.shutdownAsync();
    expect(errors).toEqual([]);

    const d = await detail(traceId);
    expect(d.trace).toMatchObject({
      name: 'support-chat', user_id: 'user-7', session_id: 'session-3', release: 'r1', version: 'v2', environment: 'staging',
      input_text: JSON.stringify({ question: 'hi?' }), output_text: 'hello', status: 'error', span_count: 4,
    });
    expect(new Set(d.trace.tags)).toEqual(new Set(['a', 'b']));
    // trace.update() sends a new timestamp; the trace keeps the one it was created with.
    expect(d.trace.start_time).toBe(createdAt.toISOString().replace('Z', '000Z'));
    expect(d.trace.attributes).toMatchObject({ channel: 'web' });

    const retrieve = d.byId.get(span.id) as Node;
    expect(retrieve).toMatchObject({ name: 'retrieve', span_type: 'span', status: 'success', output: { docs: 2 } });
    expect(retrieve.attributes).toMatchObject({ index: 'kb', 'langfuse.observation.type': 'SPAN', 'langfuse.environment': 'staging' });
    expect(retrieve.children).toHaveLength(2);
    expect(retrieve.children.map((c) => c.span_id)).toContain(generation.id);

    const answer = d.byId.get(generation.id) as Node;
    expect(answer).toMatchObject({
      name: 'answer', span_type: 'llm', model: 'gpt-4o-mini', parent_span_id: span.id, status: 'success',
      input_tokens: 1000, cached_input_tokens: 400, output_tokens: 200, total_tokens: 1200,
      output: { role: 'assistant', content: 'hello' },
    });
    // 600 × 0.15 + 400 × 0.075 + 200 × 0.6 per million (gpt-4o-mini in the price table).
    expect(answer.cost).toBeCloseTo((600 * 0.15 + 400 * 0.075 + 200 * 0.6) / 1e6, 12);
    expect(answer.attributes).toMatchObject({
      reviewed: true,
      'langfuse.observation.model.parameters': { temperature: 0.2 },
      'langfuse.observation.completion_start_time': new Date(started.getTime() + 150).toISOString(),
    });
    expect(answer.end_time).not.toBeNull();

    const cacheHit = d.flat.find((s) => s.name === 'cache-hit') as Node;
    expect(cacheHit).toMatchObject({ span_type: 'event', parent_span_id: span.id, status: 'success', input: { key: 'kb:hi' } });
    expect(cacheHit.end_time).toBe(cacheHit.start_time);

    const tool = d.flat.find((s) => s.name === 'tool-call') as Node;
    expect(tool).toMatchObject({ status: 'error', level: 'ERROR', status_message: 'tool timed out', parent_span_id: null });

    const evals = new Map((d.evals as { eval_name: string }[]).map((e) => [e.eval_name, e]));
    expect(evals.get('helpfulness')).toMatchObject({ score: 0.75, comment: 'good enough', source: 'api', span_id: null });
    expect(evals.get('correct')).toMatchObject({ passed: true, score: 1, span_id: generation.id });
    expect(evals.get('tone')).toMatchObject({ label: 'friendly', score: null });
    expect(d.trace.total_tokens).toBe(1200);

    // And through the Langfuse read API, as the same SDK fetches it.
    const reader = new Langfuse({ publicKey: 'pk-lf-x', secretKey: 'dev-key', baseUrl });
    const { data } = await reader.fetchTrace(traceId);
    expect(data).toMatchObject({ id: traceId, name: 'support-chat', userId: 'user-7', sessionId: 'session-3', output: 'hello' });
    const observations = new Map(data.observations.map((o) => [o.id, o]));
    expect(observations.get(generation.id)).toMatchObject({
      type: 'GENERATION', model: 'gpt-4o-mini', parentObservationId: span.id, modelParameters: { temperature: 0.2 },
      usageDetails: { input: 600, input_cached_tokens: 400, output: 200, total: 1200 },
    });
    expect(observations.get(span.id)).toMatchObject({ type: 'SPAN', name: 'retrieve' });
    expect(data.scores.map((score) => score.name).sort()).toEqual(['correct', 'helpfulness', 'tone']);
    await reader.shutdownAsync();
  });

  it('answers 207 with an entry per event: an update before its create keeps both, fields not sent stay', async () => {
    const traceId = randomUUID();
    const obsId = randomUUID();
    const first = await post({
      batch: [
        event('generation-update', { id: obsId, traceId, endTime: '2026-01-01T00:00:02.000Z', output: 'done', usage: { input: 10, output: 5 } }),
        event('trace-create', { id: traceId, name: 'late-create', metadata: 'plain text metadata' }),
      ],
    });
    expect(first.status).toBe(207);
    expect(first.body.errors).toEqual([]);
    expect(first.body.successes).toHaveLength(2);
    const second = await post({
      batch: [
        event('generation-create', {
          id: obsId, traceId, name: 'llm', model: 'gpt-4o-mini', startTime: '2026-01-01T00:00:00.000Z', input: 'question',
          promptName: 'support', promptVersion: 3, metadata: { a: 1 },
        }),
      ],
    });
    expect(second.body).toEqual({ successes: [{ id: expect.any(String), status: 201 }], errors: [] });
    const third = await post({ batch: [event('span-update', { id: obsId, traceId, metadata: { b: 2 } })] });
    expect(third.body.errors).toEqual([]);

    const d = await detail(traceId);
    const span = d.byId.get(obsId) as Node;
    expect(span).toMatchObject({
      name: 'llm', span_type: 'llm', model: 'gpt-4o-mini', input: 'question', output: 'done', status: 'success',
      input_tokens: 10, output_tokens: 5, total_tokens: 15, start_time: '2026-01-01T00:00:00.000000Z',
      end_time: '2026-01-01T00:00:02.000000Z',
    });
    expect(span.cost).toBeGreaterThan(0);
    expect(span.attributes).toMatchObject({
      a: 1, b: 2, 'langfuse.observation.prompt.name': 'support', 'langfuse.observation.prompt.version': 3,
    });
    expect(d.trace).toMatchObject({ name: 'late-create', attributes: { 'langfuse.trace.metadata': 'plain text metadata' } });
  });

  it('reports a re-sent event id as a success that changes nothing', async () => {
    const traceId = randomUUID();
    const spanId = randomUUID();
    const create = event('span-create', { id: spanId, traceId, name: 'once', startTime: '2026-01-01T00:00:00Z' });
    const first = await post({ batch: [create, create] });
    expect(first.body.successes).toEqual([{ id: create.id, status: 201 }, { id: create.id, status: 201 }]);
    await post({ batch: [event('span-update', { id: spanId, traceId, name: 'renamed' })] });
    const again = await post({ batch: [create] });
    expect(again.body).toEqual({ successes: [{ id: create.id, status: 201 }], errors: [] });
    expect((await detail(traceId)).byId.get(spanId)).toMatchObject({ name: 'renamed' });
  });

  it('answers a malformed event with an error entry and stores the others; a body without batch is 400', async () => {
    const traceId = randomUUID();
    const good = event('span-create', { id: 'good-1', traceId, name: 'good' });
    const badTime = event('span-create', { id: 'bad-1', traceId, name: 'bad', startTime: 'yesterday' });
    const result = await post({
      batch: [good, badTime, { id: 'no-body', type: 'span-create' }, event('made-up-create', {}), event('sdk-log', { log: 'hi' }),
        event('span-update', { id: 'x' }), 42],
    });
    expect(result.status).toBe(207);
    expect(result.body.successes).toHaveLength(2);
    expect(result.body.successes.map((s: { id: string }) => s.id)).toContain(good.id);
    const errors = new Map(result.body.errors.map((e: { id: string; status: number; message: string }) => [e.id, e]));
    expect(errors.get(badTime.id)).toMatchObject({ status: 400, message: expect.stringMatching(/start_time/) });
    expect(errors.get('no-body')).toMatchObject({ status: 400, message: expect.stringMatching(/body/) });
    expect(result.body.errors).toHaveLength(5);
    expect(result.body.errors.some((e: { message: string }) => /traceId/.test(e.message))).toBe(true);
    const d = await detail(traceId);
    expect([...d.byId.keys()]).toEqual(['good-1']);

    expect((await post({ events: [] })).status).toBe(400);
    expect((await post([1, 2])).status).toBe(400);
  });

  it('maps typed and legacy observation events to span types; a score before its trace creates the trace', async () => {
    const traceId = randomUUID();
    const laterTrace = randomUUID();
    const types = ['agent', 'tool', 'chain', 'retriever', 'evaluator', 'embedding', 'guardrail'];
    const result = await post({
      batch: [
        ...types.map((t) => event(`${t}-create`, { id: `${t}-1`, traceId, name: t })),
        event('observation-create', { id: 'legacy-1', traceId, type: 'GENERATION', name: 'legacy', model: 'gpt-4o-mini' }),
        event('observation-update', { id: 'legacy-1', traceId, type: 'GENERATION', endTime: new Date().toISOString() }),
        event('score-create', { id: randomUUID(), traceId: laterTrace, name: 'early', value: 1 }),
        event('score-create', { id: randomUUID(), traceId, name: 'bool', value: 2, dataType: 'BOOLEAN' }),
        event('score-create', { id: randomUUID(), sessionId: 's', name: 'session score', value: 1 }),
      ],
    });
    expect(result.body.successes).toHaveLength(10);
    expect(result.body.errors.map((e: { message: string }) => e.message)).toEqual([
      expect.stringMatching(/BOOLEAN score must be 1/), expect.stringMatching(/session and dataset-run scores are not supported/),
    ]);
    const d = await detail(traceId);
    expect(Object.fromEntries(d.flat.map((s) => [s.span_id, s.span_type]))).toEqual({
      'agent-1': 'agent', 'tool-1': 'tool', 'chain-1': 'chain', 'retriever-1': 'retriever', 'evaluator-1': 'judge',
      'embedding-1': 'embedding', 'guardrail-1': 'guardrail', 'legacy-1': 'llm',
    });
    expect(d.byId.get('legacy-1')).toMatchObject({ status: 'success' });
    await post({ batch: [event('trace-create', { id: laterTrace, name: 'arrived later' })] });
    expect(await detail(laterTrace)).toMatchObject({ trace: { name: 'arrived later' }, evals: [{ eval_name: 'early', score: 1 }] });
  });

  it('reads OpenAI-shaped usageDetails (cached tokens inside prompt_tokens) and costDetails', async () => {
    const traceId = randomUUID();
    const result = await post({
      batch: [
        event('generation-create', {
          id: 'openai-usage', traceId, name: 'chat', model: 'gpt-4o-mini', startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-01T00:00:01Z',
          usageDetails: { prompt_tokens: 1000, completion_tokens: 100, total_tokens: 1100, prompt_tokens_details: { cached_tokens: 300 } },
        }),
        event('generation-create', {
          id: 'priced', traceId, name: 'chat', model: 'gpt-4o-mini', startTime: '2026-01-01T00:00:00Z', endTime: '2026-01-01T00:00:01Z',
          usageDetails: { input: 10, output: 5 }, costDetails: { input: 0.25, output: 0.5 },
        }),
      ],
    });
    expect(result.body.errors).toEqual([]);
    const d = await detail(traceId);
    const openai = d.byId.get('openai-usage') as Node;
    expect(openai).toMatchObject({ input_tokens: 1000, cached_input_tokens: 300, output_tokens: 100, total_tokens: 1100 });
    expect(openai.cost).toBeCloseTo((700 * 0.15 + 300 * 0.075 + 100 * 0.6) / 1e6, 12);
    expect(openai.attributes).toMatchObject({ 'langfuse.observation.usage_details': { prompt_tokens: 1000, input_cached_tokens: 300 } });
    expect(d.byId.get('priced')).toMatchObject({ input_tokens: 10, output_tokens: 5, total_tokens: 15, cost: 0.75 });
  });

  it("takes the Python v2 SDK's batch (snake metadata, +00:00 microsecond times, nulls, legacy usage with costs)", async () => {
    const traceId = randomUUID();
    const genId = randomUUID();
    // Shaped as langfuse-python 2.60 sends it: Fern models serialized by alias, explicitly set Nones kept as null.
    const body = {
      batch: [
        { id: randomUUID(), type: 'trace-create', timestamp: '2026-03-01T10:00:00.123456+00:00',
          body: { id: traceId, name: 'py-trace', userId: 'u1', release: null, environment: 'default', tags: ['py'],
            metadata: { k: 'v' }, timestamp: '2026-03-01T10:00:00.120000+00:00' } },
        { id: randomUUID(), type: 'generation-create', timestamp: '2026-03-01T10:00:00.200000+00:00',
          body: { id: genId, traceId, name: 'chat', startTime: '2026-03-01T10:00:00.150000+00:00', metadata: null, input: 'hi',
            output: null, level: null, statusMessage: null, parentObservationId: null, version: null, endTime: null,
            completionStartTime: null, model: 'gpt-4o-mini', modelParameters: { temperature: '0.9' }, usage: null,
            usageDetails: null, costDetails: null, trace: { release: null }, environment: 'default' } },
        { id: randomUUID(), type: 'generation-update', timestamp: '2026-03-01T10:00:01.000000+00:00',
          body: { id: genId, traceId, endTime: '2026-03-01T10:00:00.950000+00:00', output: 'hello',
            usage: { input: 50, output: 10, total: 60, unit: 'TOKENS', inputCost: 0.001, outputCost: 0.002, totalCost: 0.003 },
            environment: 'default' } },
        { id: randomUUID(), type: 'score-create', timestamp: '2026-03-01T10:00:01.100000+00:00',
          body: { id: randomUUID(), traceId, name: 'accuracy', value: 0.5, dataType: 'NUMERIC', environment: 'default' } },
      ],
      metadata: { batch_size: 4, sdk_integration: 'default', sdk_name: 'python', sdk_version: '2.60.9', public_key: 'pk-lf-x' },
    };
    const result = await post(body);
    expect(result.body.errors).toEqual([]);
    expect(result.body.successes).toHaveLength(4);
    const d = await detail(traceId);
    expect(d.trace).toMatchObject({ name: 'py-trace', user_id: 'u1', tags: ['py'], start_time: '2026-03-01T10:00:00.120000Z' });
    expect(d.byId.get(genId)).toMatchObject({
      span_type: 'llm', input: 'hi', output: 'hello', input_tokens: 50, output_tokens: 10, total_tokens: 60, cost: 0.003,
      start_time: '2026-03-01T10:00:00.150000Z', end_time: '2026-03-01T10:00:00.950000Z', status: 'success',
    });
    expect(d.evals).toMatchObject([{ eval_name: 'accuracy', score: 0.5 }]);
  });
});

// Langfuse ingestion folds a create and the updates of the same observation in one batch into one
// span (packages/server/src/langfuse/ingestion-fold.ts). The stored span, the trace and the answer
// must be the same as when each event comes in its own batch (never folded) — for pairs that fold
// and for the pairs the fold rules keep apart (usage on both sides, overlapping metadata keys, …).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLangfuseEvent, type ObservationDraft } from '../../src/langfuse/ingestion-events.js';
import { foldObservations } from '../../src/langfuse/ingestion-fold.js';
import type { RunningServer } from '../../src/server.js';
import { basicAuth, call, callWith } from '../helpers.js';
import { startTestServer } from '../helpers.js';

const auth = { authorization: basicAuth('pk-lf-fold') };
type Body = Record<string, unknown>;

/** Each case: the events of one observation (type, body without id/traceId), and whether they fold into one span. */
const CASES: { name: string; events: [string, Body][]; units: number }[] = [
  {
    name: 'span create then the update that ends it',
    events: [
      ['span-create', { name: 'retrieve', startTime: '2026-04-01T10:00:00.000Z', input: { q: 'refund' }, metadata: { k: 5 }, environment: 'production' }],
      ['span-update', { endTime: '2026-04-01T10:00:00.300Z', output: { docs: 3 } }],
    ],
    units: 1,
  },
  {
    name: 'generation with usage and usageDetails on the update (cost from the price table)',
    events: [
      ['generation-create', { name: 'chat', startTime: '2026-04-01T10:00:00.000Z', model: 'gpt-4o-mini', modelParameters: { temperature: 0.2 }, input: [{ role: 'user', content: 'hi' }] }],
      ['generation-update', {
        endTime: '2026-04-01T10:00:01.000Z', completionStartTime: '2026-04-01T10:00:00.200Z', output: { role: 'assistant', content: 'hello' },
        usage: { input: 800, output: 150, total: 950 }, usageDetails: { input: 600, input_cached_tokens: 200, output: 150, total: 950 },
      }],
    ],
    units: 1,
  },
  {
    name: 'generation with costDetails on the update',
    events: [
      ['generation-create', { name: 'chat', startTime: '2026-04-01T10:00:00.000Z', model: 'gpt-4o-mini' }],
      ['generation-update', { endTime: '2026-04-01T10:00:01.000Z', usageDetails: { input: 10, output: 5 }, costDetails: { input: 0.5, output: 0.25 } }],
    ],
    units: 1,
  },
  {
    name: 'usage on both events (the total is filled from the first)',
    events: [
      ['generation-create', { name: 'chat', startTime: '2026-04-01T10:00:00.000Z', model: 'gpt-4o-mini', usage: { input: 10 } }],
      ['generation-update', { endTime: '2026-04-01T10:00:01.000Z', usage: { output: 7 } }],
    ],
    units: 2,
  },
  {
    name: 'a cost on the create and a model on the update (the cost is worked out again)',
    events: [
      ['generation-create', { name: 'chat', startTime: '2026-04-01T10:00:00.000Z', usage: { input: 1000, output: 100 }, costDetails: { total: 9 } }],
      ['generation-update', { endTime: '2026-04-01T10:00:01.000Z', model: 'gpt-4o-mini' }],
    ],
    units: 2,
  },
  {
    name: 'only cached tokens on the update (the cost stays as the create left it)',
    events: [
      ['generation-create', { name: 'chat', startTime: '2026-04-01T10:00:00.000Z', model: 'gpt-4o-mini' }],
      ['generation-update', { endTime: '2026-04-01T10:00:01.000Z', usageDetails: { input_cached_tokens: 40 } }],
    ],
    units: 2,
  },
  {
    name: 'the same metadata key on both events (objects merge key by key)',
    events: [
      ['span-create', { name: 'step', startTime: '2026-04-01T10:00:00.000Z', metadata: { a: 1, nested: { x: 1 } } }],
      ['span-update', { endTime: '2026-04-01T10:00:01.000Z', metadata: { a: 2, nested: { y: 2 } } }],
    ],
    units: 2,
  },
  {
    name: 'disjoint metadata keys, a null deleting nothing',
    events: [
      ['span-create', { name: 'step', startTime: '2026-04-01T10:00:00.000Z', metadata: { a: 1 } }],
      ['span-update', { endTime: '2026-04-01T10:00:01.000Z', metadata: { b: { c: 2 }, gone: null } }],
    ],
    units: 1,
  },
  {
    name: 'an event (its end time is its start) and an update that ends it again',
    events: [
      ['event-create', { name: 'clicked', startTime: '2026-04-01T10:00:00.000Z' }],
      ['span-update', { endTime: '2026-04-01T10:00:02.000Z' }],
    ],
    units: 2,
  },
  {
    name: 'the update before the create',
    events: [
      ['span-update', { endTime: '2026-04-01T10:00:01.000Z', output: 'done' }],
      ['span-create', { name: 'late', startTime: '2026-04-01T10:00:00.000Z', input: 'q' }],
    ],
    units: 1,
  },
  {
    name: 'the generation update before its create (usage first, then a model)',
    events: [
      ['generation-update', { endTime: '2026-04-01T10:00:01.000Z', usage: { input: 100, output: 20 } }],
      ['generation-create', { name: 'late', startTime: '2026-04-01T10:00:00.000Z', model: 'gpt-4o-mini' }],
    ],
    units: 2,
  },
  {
    name: 'create, update, and an ERROR level update',
    events: [
      ['span-create', { name: 'tool', startTime: '2026-04-01T10:00:00.000Z' }],
      ['span-update', { output: 'partial' }],
      ['span-update', { endTime: '2026-04-01T10:00:03.000Z', level: 'ERROR', statusMessage: 'timeout' }],
    ],
    units: 1,
  },
  {
    name: 'a create with a bad start time and a good update',
    events: [
      ['span-create', { name: 'bad', startTime: 'yesterday' }],
      ['span-update', { endTime: '2026-04-01T10:00:03.000Z' }],
    ],
    units: 1,
  },
];

describe('Langfuse ingestion folds create and update events only where the result is the same', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (batch: unknown[]) => callWith(server.app, auth, 'POST', '/api/public/ingestion', { batch });
  const eventsOf = (traceId: string, events: [string, Body][]) => [
    { id: randomUUID(), type: 'trace-create', timestamp: '2026-04-01T10:00:00.000Z', body: { id: traceId, name: 'fold', timestamp: '2026-04-01T09:59:59.000Z' } },
    ...events.map(([type, body]) => ({ id: randomUUID(), type, timestamp: '2026-04-01T10:00:00.000Z', body: { ...body, id: `${traceId}-obs`, traceId } })),
  ];
  /**
   * The trace and its spans without ids and write times. A span's `idempotency_key` (the key of its
   * last write) names every event of a fold, so it is left out here and checked on its own.
   */
  const read = async (traceId: string) => {
    const { body, status } = await call(server.app, 'GET', `/api/v1/traces/${traceId}`);
    expect(status).toBe(200);
    const { trace_id: _t, updated_at: _u, created_at: _c, ...trace } = body.trace;
    const spans = (body.spans as Record<string, unknown>[]).map(({ span_id: _s, trace_id: _tr, updated_at: _su, created_at: _sc, children: _ch, idempotency_key: _k, ...span }) => span);
    return { trace, spans };
  };
  const answerShape = (events: { id: string }[], answers: { successes: { id: string }[]; errors: { id: string; message: string }[] }[]) => {
    const position = new Map(events.map((e, i) => [e.id, i]));
    return {
      successes: answers.flatMap((a) => a.successes.map((s) => position.get(s.id))),
      errors: answers.flatMap((a) => a.errors.map((e) => [position.get(e.id), e.message])),
    };
  };

  it.each(CASES)('$name', async ({ events, units }) => {
    const together = eventsOf(randomUUID(), events);
    const drafts = together.slice(1).map((e, index) => {
      const mapped = mapLangfuseEvent(e, index);
      expect(mapped.kind).toBe('observation');
      return { index, eventId: e.id, draft: (mapped as { draft: ObservationDraft }).draft };
    });
    expect(foldObservations(drafts)).toHaveLength(units);

    const oneByOne = eventsOf(randomUUID(), events);
    const answerTogether = await post(together);
    const answersOneByOne = [];
    for (const event of oneByOne) answersOneByOne.push((await post([event])).body);
    expect(answerShape(together, [answerTogether.body])).toEqual(answerShape(oneByOne, answersOneByOne));
    expect(await read(together[0].body.id as string)).toEqual(await read(oneByOne[0].body.id as string));
  });

  it('applies a re-sent batch of folded events once', async () => {
    const traceId = randomUUID();
    const batch = eventsOf(traceId, CASES[1].events);
    expect((await post(batch)).body.errors).toEqual([]);
    const before = await read(traceId);
    const again = await post(batch);
    expect(again.body).toEqual({ successes: batch.map((e) => ({ id: e.id, status: 201 })), errors: [] });
    expect(await read(traceId)).toEqual(before);
    expect(before.spans[0]).toMatchObject({ status: 'success', input_tokens: 800, output_tokens: 150, cached_input_tokens: 200 });
  });
});

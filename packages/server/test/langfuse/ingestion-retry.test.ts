// Langfuse ingestion edge cases an SDK produces: a batch re-sent with the same event ids (the SDKs
// retry a batch whose answer they did not get) changes nothing, and observation and trace metadata
// that is not an object (a string, an array, a number) reads back as sent. On SQLite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { basicAuth, call, callWith, startTestServer } from '../helpers.js';

const auth = { authorization: basicAuth('pk-lf-retry') };

describe.each(['sqlite', 'postgres'] as const)('Langfuse ingestion retries and metadata (%s)', (backend) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await server.close();
  });

  const post = (batch: unknown[]) => callWith(server.app, auth, 'POST', '/api/public/ingestion', { batch });
  const event = (type: string, body: Record<string, unknown>, timestamp = new Date().toISOString()) => ({ id: randomUUID(), type, timestamp, body });
  /** Both reads of a trace, without the time of the last write. */
  const readBoth = async (traceId: string) => {
    const own = await call(server.app, 'GET', `/api/v1/traces/${traceId}`);
    const langfuse = await callWith(server.app, auth, 'GET', `/api/public/traces/${traceId}`);
    expect([own.status, langfuse.status]).toEqual([200, 200]);
    const { updated_at: _updated, ...trace } = own.body.trace;
    return { own: { ...own.body, trace }, langfuse: langfuse.body };
  };

  it('applies a re-sent trace-create once: a retried batch after a later update changes and duplicates nothing', async () => {
    const traceId = randomUUID();
    const first = [
      event('trace-create', {
        id: traceId, name: 'first', userId: 'u-1', sessionId: 's-1', tags: ['a'], metadata: { step: 1 }, input: 'q', timestamp: '2026-03-01T10:00:00.000Z',
      }),
      event('span-create', { id: `${traceId}-s`, traceId, name: 'work', startTime: '2026-03-01T10:00:00.100Z' }),
      event('score-create', { id: `${traceId}-score`, traceId, name: 'quality', value: 0.5 }),
    ];
    expect((await post(first)).body.errors).toEqual([]);
    const later = event('trace-create', { id: traceId, name: 'second', userId: 'u-2', tags: ['b'], metadata: { step: 2 }, output: 'done' });
    expect((await post([later])).body.errors).toEqual([]);
    const before = await readBoth(traceId);
    expect(before.own.trace).toMatchObject({ name: 'second', user_id: 'u-2', session_id: 's-1', tags: ['a', 'b'], attributes: { step: 2 } });

    const again = await post(first);
    expect(again.status).toBe(207);
    expect(again.body).toEqual({ successes: first.map((e) => ({ id: e.id, status: 201 })), errors: [] });
    expect(await readBoth(traceId)).toEqual(before);

    // A batch mixing a retried event with a new one applies only the new one.
    const newer = event('trace-create', { id: traceId, release: 'r-3' });
    expect((await post([first[0], newer])).body.errors).toEqual([]);
    const after = await readBoth(traceId);
    expect(after.own.trace).toMatchObject({ name: 'second', user_id: 'u-2', release: 'r-3' });
    expect(after.langfuse).toMatchObject({ name: 'second', userId: 'u-2', release: 'r-3', metadata: { step: 2 }, tags: ['a', 'b'] });
    expect(after.langfuse.observations).toHaveLength(1);
    expect(after.langfuse.scores).toHaveLength(1);
  });

  it('keeps the earliest timestamp of the trace-create events it applies, not of a retried one', async () => {
    const traceId = randomUUID();
    const create = event('trace-create', { id: traceId, name: 'timed', timestamp: '2026-03-02T10:00:05.000Z' });
    await post([create]);
    await post([event('trace-create', { id: traceId, timestamp: '2026-03-02T10:00:01.000Z' })]);
    await post([create]);
    expect((await readBoth(traceId)).langfuse.timestamp).toBe('2026-03-02T10:00:01.000Z');
  });

  it('reads observation and trace metadata that is not an object back as sent', async () => {
    const cases: [string, unknown][] = [
      ['text', 'plain text metadata'],
      ['json-looking text', '{"not":"an object"}'],
      ['list', ['a', 1, { b: 2 }]],
      ['number', 42],
      ['boolean', false],
      ['object', { a: 1, nested: { b: [1, 2] } }],
    ];
    for (const [label, metadata] of cases) {
      const traceId = randomUUID();
      const batch = [
        event('trace-create', { id: traceId, name: label, metadata }),
        event('span-create', { id: `${traceId}-span`, traceId, name: 'span', metadata }),
        event('generation-create', { id: `${traceId}-gen`, traceId, name: 'generation', model: 'gpt-4o-mini' }),
        event('generation-update', { id: `${traceId}-gen`, traceId, metadata }),
      ];
      expect((await post(batch)).body.errors, label).toEqual([]);
      const trace = await callWith(server.app, auth, 'GET', `/api/public/traces/${traceId}`);
      expect(trace.body.metadata, label).toEqual(metadata);
      const byId = new Map(trace.body.observations.map((o: { id: string; metadata: unknown }) => [o.id, o.metadata]));
      expect(byId.get(`${traceId}-span`), label).toEqual(metadata);
      expect(byId.get(`${traceId}-gen`), label).toEqual(metadata);
      const one = await callWith(server.app, auth, 'GET', `/api/public/observations/${traceId}-span`);
      expect(one.body.metadata, label).toEqual(metadata);
    }
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTraceHub } from './client.js';
import { observe } from './observe.js';
import type { TraceHubClient } from './trace-hub-client.js';
import type { Transport } from './transport.js';

/** A transport that keeps the parsed bodies: no server needed for context tests. */
function memoryTransport(): Transport & { bodies: Array<{ path: string; body: any }> } {
  const bodies: Array<{ path: string; body: any }> = [];
  return {
    bodies,
    async send(request) {
      bodies.push({ path: request.path, body: JSON.parse(request.body) });
      return { status: 200, retryAfterMs: null, body: null };
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

let th: TraceHubClient;
let transport: ReturnType<typeof memoryTransport>;

beforeEach(() => {
  transport = memoryTransport();
  th = createTraceHub({ transport, flushIntervalMs: 60_000, exitFlushTimeoutMs: 0, setAsDefault: false });
});
afterEach(async () => {
  await th.shutdown(100);
});

async function starts(): Promise<Map<string, any>> {
  await th.flush(1000);
  const events = transport.bodies.filter((b) => b.path === '/ingest/spans').flatMap((b) => b.body.events);
  const byName = new Map<string, any>();
  for (const e of events) if (e.event_type === 'START') byName.set(e.payload.name, e);
  return byName;
}

describe('context propagation', () => {
  it('nests spans across awaits', async () => {
    const inner = observe('inner', async () => {
      await tick();
      return th.currentSpan()?.name;
    }, { client: th });
    const outer = observe('outer', async () => {
      await tick();
      const seen = await inner();
      await tick();
      return seen;
    }, { client: th });
    expect(await outer()).toBe('inner');
    const s = await starts();
    expect(s.get('inner').payload.parent_span_id).toBe(s.get('outer').span_id);
    expect(s.get('inner').trace_id).toBe(s.get('outer').trace_id);
    expect(s.get('outer').payload.parent_span_id).toBeUndefined();
  });

  it('keeps Promise.all branches as siblings, each with its own children', async () => {
    const leaf = observe('leaf', async (branch: string) => {
      await tick();
      return branch;
    }, { client: th });
    const branch = (name: string) =>
      observe(name, async () => {
        await tick();
        return leaf(name);
      }, { client: th });
    const parent = observe('parent', async () => Promise.all([branch('a')(), branch('b')(), branch('c')()]), { client: th });
    expect(await parent()).toEqual(['a', 'b', 'c']);
    await th.flush(1000);
    const events = transport.bodies.filter((b) => b.path === '/ingest/spans').flatMap((b) => b.body.events);
    const starts = events.filter((e) => e.event_type === 'START');
    const idOf = (name: string) => starts.find((e) => e.payload.name === name).span_id;
    for (const name of ['a', 'b', 'c']) expect(starts.find((e) => e.payload.name === name).payload.parent_span_id).toBe(idOf('parent'));
    const leaves = starts.filter((e) => e.payload.name === 'leaf');
    expect(leaves.map((e) => e.payload.input).sort()).toEqual(['a', 'b', 'c']);
    for (const l of leaves) expect(l.payload.parent_span_id).toBe(idOf(l.payload.input));
    expect(new Set(starts.map((e) => e.trace_id)).size).toBe(1);
  });

  it('gives concurrent root calls separate traces', async () => {
    const root = observe('root', async (n: number) => {
      await tick();
      return th.currentTraceId();
    }, { client: th });
    const [t1, t2] = await Promise.all([root(1), root(2)]);
    expect(t1).toBeDefined();
    expect(t1).not.toBe(t2);
  });

  it('makes startTrace/startSpan current like Python contextvars, restoring the parent on end', async () => {
    const traceId = th.startTrace({ name: 'sequential' });
    const a = th.startSpan('a');
    const b = th.startSpan('b');
    expect(th.currentSpan()).toBe(b);
    b.end();
    expect(th.currentSpan()).toBe(a);
    const c = th.startSpan('c', { active: false });
    expect(th.currentSpan()).toBe(a);
    c.end();
    a.end();
    expect(th.currentSpan()).toBeUndefined();
    expect(th.currentTraceId()).toBe(traceId);
    th.logEvent('trace-level');
    th.endTrace();
    expect(th.currentTraceId()).toBeUndefined();
    const s = await starts();
    expect(s.get('b').payload.parent_span_id).toBe(a.spanId);
    expect(s.get('c').payload.parent_span_id).toBe(a.spanId);
    expect(s.get('a').trace_id).toBe(traceId);
    const log = transport.bodies.flatMap((b) => b.body.events ?? []).find((e: any) => e.event_type === 'LOG');
    expect(log.span_id).toBeUndefined();
    expect(log.trace_id).toBe(traceId);
  });

  it('runs work under an explicit span with withSpan()', async () => {
    const job = th.startSpan('job', { active: false });
    const child = await th.withSpan(job, async () => {
      await tick();
      const span = th.startSpan('step', { active: false });
      span.end();
      return span;
    });
    job.end();
    expect(child.parentSpanId).toBe(job.spanId);
    expect(child.traceId).toBe(job.traceId);
    expect(th.currentSpan()).toBeUndefined();
  });

  it('accepts explicit parents by handle or id', async () => {
    const root = th.startSpan('root', { active: false });
    const byHandle = th.startSpan('by-handle', { parent: root, active: false });
    const byId = th.startSpan('by-id', { parent: root.spanId, traceId: root.traceId, active: false });
    expect(byHandle.parentSpanId).toBe(root.spanId);
    expect(byId.parentSpanId).toBe(root.spanId);
    expect(byId.traceId).toBe(root.traceId);
  });
});

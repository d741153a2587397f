import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTraceHub } from './client.js';
import { getDefaultClient, setDefaultClient } from './default-client.js';
import { observe } from './observe.js';
import type { TraceHubClient } from './trace-hub-client.js';

let th: TraceHubClient;
let events: any[];

beforeEach(() => {
  events = [];
  th = createTraceHub({
    flushIntervalMs: 60_000,
    exitFlushTimeoutMs: 0,
    setAsDefault: true,
    transport: {
      async send(request) {
        const body = JSON.parse(request.body);
        if (request.path === '/ingest/spans') events.push(...body.events);
        return { status: 200, retryAfterMs: null, body: null };
      },
    },
  });
});
afterEach(async () => {
  await th.shutdown(100);
});

const of = (type: string, name?: string) => {
  const start = name === undefined ? undefined : events.find((e) => e.event_type === 'START' && e.payload.name === name);
  return events.filter((e) => e.event_type === type && (start === undefined || e.span_id === start.span_id));
};

describe('observe()', () => {
  it('records input arguments and the return value of a sync function', async () => {
    const add = observe('add', (a: number, b: number) => a + b, { spanType: 'tool', attributes: { kind: 'math' } });
    const square = observe('square', (x: number) => x * x);
    expect(add(2, 3)).toBe(5);
    expect(square(4)).toBe(16);
    await th.flush(1000);
    expect(of('START', 'add')[0].payload).toMatchObject({ span_type: 'tool', input: [2, 3], attributes: { kind: 'math' } });
    expect(of('END', 'add')[0].payload).toMatchObject({ status: 'success', output: 5 });
    expect(of('START', 'square')[0].payload.input).toBe(4);
  });

  it('records the resolved value of an async function and keeps `this`', async () => {
    const service = {
      prefix: 'hello ',
      greet: observe('greet', async function greetFn(this: { prefix: string }, name: string) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return this.prefix + name;
      }),
    };
    expect(await service.greet('ada')).toBe('hello ada');
    expect(service.greet.name).toBe('greetFn');
    await th.flush(1000);
    expect(of('END', 'greet')[0].payload.output).toBe('hello ada');
  });

  it('rethrows the host error unchanged and records ERROR then END status error', async () => {
    class HostError extends Error {
      code = 'E_HOST';
    }
    const thrown = new HostError('sync failure');
    const rejected = new HostError('async failure');
    const syncFail = observe('sync-fail', () => {
      throw thrown;
    });
    const asyncFail = observe('async-fail', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      throw rejected;
    });
    let caught: unknown;
    try {
      syncFail();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(thrown);
    await expect(asyncFail()).rejects.toBe(rejected);
    await th.flush(1000);
    const error = of('ERROR', 'async-fail')[0];
    expect(error.payload).toMatchObject({ message: 'async failure', type: 'Error' });
    expect(error.payload.stacktrace).toContain('async failure');
    expect(of('END', 'async-fail')[0].payload).toMatchObject({ status: 'error', status_message: 'Error: async failure' });
    expect(of('END', 'sync-fail')[0].payload.status).toBe('error');
    const order = events.filter((e) => e.span_id === error.span_id).map((e) => e.event_type);
    expect(order).toEqual(['START', 'ERROR', 'END']);
  });

  it('can leave input and output out', async () => {
    const secret = observe('secret', (password: string) => password.length, { captureInput: false, captureOutput: false });
    expect(secret('hunter2')).toBe(7);
    await th.flush(1000);
    expect(of('START', 'secret')[0].payload.input).toBeUndefined();
    expect(of('END', 'secret')[0].payload.output).toBeUndefined();
  });

  it('just calls the function when there is no client', async () => {
    const previous = getDefaultClient();
    setDefaultClient(undefined);
    try {
      const plain = observe('plain', (x: number) => x + 1);
      expect(plain(1)).toBe(2);
    } finally {
      setDefaultClient(previous);
    }
    await th.flush(1000);
    expect(events).toHaveLength(0);
  });
});

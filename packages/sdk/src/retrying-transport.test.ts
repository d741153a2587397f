import { describe, expect, it } from 'vitest';
import { backoffDelay, createRetryingTransport } from './retrying-transport.js';
import { parseRetryAfter } from './transport.js';
import type { Transport, TransportResponse } from './transport.js';

function scripted(answers: Array<TransportResponse | Error>): Transport & { calls: number } {
  const transport = {
    calls: 0,
    async send(): Promise<TransportResponse> {
      const answer = answers[Math.min(transport.calls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return transport;
}

const ok: TransportResponse = { status: 200, retryAfterMs: null, body: {} };
const status = (code: number, retryAfterMs: number | null = null): TransportResponse => ({ status: code, retryAfterMs, body: {} });

/** A fake clock: sleeping advances it, so deadline logic runs instantly. */
function clock() {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1000, deadlineMs: 10_000, requestTimeoutMs: 1000 };

describe('retrying transport', () => {
  it('uses capped exponential backoff with full jitter', () => {
    expect(backoffDelay(0, 100, 1000, () => 0.999)).toBe(99);
    expect(backoffDelay(3, 100, 1000, () => 0.999)).toBe(799);
    expect(backoffDelay(10, 100, 1000, () => 0.999)).toBe(999);
    expect(backoffDelay(10, 100, 1000, () => 0)).toBe(0);
  });

  it('retries 429, 500, 502, 503, 504 and network errors, then answers', async () => {
    const c = clock();
    const inner = scripted([status(429), status(500), status(502), status(503), new TypeError('fetch failed'), ok]);
    const transport = createRetryingTransport(inner, { ...policy, ...c, random: () => 0.5 });
    await expect(transport.send({ path: '/x', body: '{}' })).resolves.toEqual(ok);
    expect(inner.calls).toBe(6);
    expect(c.sleeps).toEqual([50, 100, 200, 400, 500]);
  });

  it('does not retry other statuses', async () => {
    for (const code of [400, 401, 404, 409, 413]) {
      const inner = scripted([status(code), ok]);
      const transport = createRetryingTransport(inner, { ...policy, ...clock() });
      expect((await transport.send({ path: '/x', body: '{}' })).status).toBe(code);
      expect(inner.calls).toBe(1);
    }
  });

  it('waits what Retry-After says instead of the backoff', async () => {
    const c = clock();
    const inner = scripted([status(503, 2500), ok]);
    const transport = createRetryingTransport(inner, { ...policy, ...c });
    await transport.send({ path: '/x', body: '{}' });
    expect(c.sleeps).toEqual([2500]);
  });

  it('never starts an attempt past the deadline', async () => {
    const c = clock();
    const inner = scripted([status(503, 4000), status(503, 4000), status(503, 4000), ok]);
    const transport = createRetryingTransport(inner, { ...policy, deadlineMs: 9000, ...c });
    expect((await transport.send({ path: '/x', body: '{}' })).status).toBe(503);
    expect(inner.calls).toBe(3);
    expect(c.now()).toBe(8000);
  });

  it('gives up after maxRetries and rethrows the last network error', async () => {
    const c = clock();
    const failure = new TypeError('fetch failed');
    const inner = scripted([failure]);
    const transport = createRetryingTransport(inner, { ...policy, maxRetries: 2, ...c });
    await expect(transport.send({ path: '/x', body: '{}' })).rejects.toBe(failure);
    expect(inner.calls).toBe(3);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});

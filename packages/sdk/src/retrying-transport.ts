/**
 * Retry as a decorator around a transport: capped exponential backoff with full jitter, the
 * server's Retry-After honoured, only transient failures retried (408, 429, 500, 502, 503, 504 and
 * network errors: batches carry idempotency keys, so a resend is harmless), and never a retry that
 * would start after the deadline. The policy itself is core's (a build-time copy in ./generated).
 */
import { backoffDelayMs, isRetryable, retryDelayMs } from './generated/retry/index.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

/** HTTP statuses worth another attempt (core's retry policy for idempotent requests). */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set(
  Array.from({ length: 600 }, (_, status) => status).filter((status) => isRetryable(status, { idempotent: true })),
);

/** How a retrying transport retries. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Backoff ceiling of the first retry; doubles per retry. */
  baseDelayMs: number;
  /** Largest backoff ceiling. */
  maxDelayMs: number;
  /** No attempt starts later than this after the first one. */
  deadlineMs: number;
  /** Per-attempt timeout (shortened to what is left of the deadline). */
  requestTimeoutMs: number;
  /** Injected for tests. */
  random?: () => number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Sleeps without keeping the process alive (a background retry must not delay exit). */
export function unrefSleep(ms: number): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, ms).unref();
  });
}

/** Full-jitter backoff: uniform in [0, min(maxDelay, base · 2^retry)). */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  return backoffDelayMs(retry, { baseMs: baseDelayMs, maxMs: maxDelayMs, random });
}

/** Wraps `inner` so transient failures are retried under `policy`. */
export function createRetryingTransport(inner: Transport, policy: RetryPolicy): Transport {
  const random = policy.random ?? Math.random;
  const now = policy.now ?? Date.now;
  const sleep = policy.sleep ?? unrefSleep;
  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const started = now();
      for (let retry = 0; ; retry++) {
        const left = policy.deadlineMs - (now() - started);
        const timeoutMs = Math.max(1, Math.min(request.timeoutMs ?? policy.requestTimeoutMs, left));
        let response: TransportResponse | undefined;
        let failure: unknown;
        try {
          response = await inner.send({ ...request, timeoutMs });
        } catch (error) {
          failure = error;
        }
        if (response !== undefined && !isRetryable(response.status, { idempotent: true })) return response;
        // At least what Retry-After asks; the deadline (below) bounds it.
        const backoff = { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs, random, retryAfterCapMs: policy.deadlineMs };
        const delay = retryDelayMs(retry, backoff, response?.retryAfterMs);
        const giveUp = retry >= policy.maxRetries || now() - started + delay >= policy.deadlineMs;
        if (giveUp) {
          if (response !== undefined) return response;
          throw failure;
        }
        await sleep(delay);
      }
    },
  };
}

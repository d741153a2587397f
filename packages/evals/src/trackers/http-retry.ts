/**
 * HTTP for trackers, with retry as a decorator around fetch: core's retry policy (capped exponential
 * backoff with jitter, `Retry-After` honoured up to 30 s, only 408/429/502/503/504 and network errors
 * retried — tracker writes are not idempotent, so a 500 is not), never past the deadline. Failures
 * become one readable sentence.
 */
import { EQUAL_JITTER, isRetryable, parseRetryAfter, retryDelayMs } from '@tracehub/core';

/** One request. */
export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
}

/** An answer (any status). */
export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** How hard to try (defaults: 3 retries, 250 ms base, 5 s cap, 60 s deadline). */
export interface RetryPolicy {
  retries?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  deadlineMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Why a fetch threw, in a few words (ECONNREFUSED, timed out, …). */
export function networkReason(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(error);
}

/** A network failure after the retries. */
export class NetworkError extends Error {}

/** Sends `request`, retrying as the policy says; answers the last response (any status). Throws NetworkError. */
export async function fetchWithRetry(request: HttpRequest, policy: RetryPolicy = {}): Promise<HttpResponse> {
  const retries = policy.retries ?? 3;
  const base = policy.baseDelayMs ?? 250;
  const cap = policy.maxDelayMs ?? 5000;
  const deadline = Date.now() + (policy.deadlineMs ?? 60_000);
  for (let attempt = 0; ; attempt++) {
    let delay: number | null = null;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(request.timeoutMs ?? 30_000),
      });
      const text = await response.text();
      if (!isRetryable(response.status) || attempt >= retries) return { status: response.status, headers: response.headers, text };
      delay = parseRetryAfter(response.headers.get('retry-after'), Date.now());
    } catch (error) {
      if (attempt >= retries || Date.now() >= deadline) throw new NetworkError(networkReason(error));
    }
    const wait = retryDelayMs(attempt, { baseMs: base, maxMs: cap, jitter: EQUAL_JITTER, retryAfterCapMs: 30_000 }, delay);
    if (Date.now() + wait > deadline) throw new NetworkError(`gave up after ${attempt + 1} attempts (deadline reached)`);
    await sleep(wait);
  }
}

/** The `message` of a JSON error answer, or the start of the text. */
export function answerDetail(response: HttpResponse): string {
  try {
    const body = JSON.parse(response.text) as { message?: string; error?: string; detail?: string };
    return (body.message ?? body.detail ?? body.error ?? response.text).toString().slice(0, 300);
  } catch {
    return response.text.slice(0, 300) || `HTTP ${response.status}`;
  }
}

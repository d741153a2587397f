import { parseRetryAfter as parseRetryAfterAt } from './generated/retry/index.js';

/**
 * The transport seam: one JSON POST to a path under the server's `/api/v1`. The default
 * implementation uses Node's global `fetch`; retries are added by wrapping it
 * (see retrying-transport.ts), so a custom transport gets them too.
 */

/** One request: a path such as `/ingest/spans` and a JSON body already serialised. */
export interface TransportRequest {
  path: string;
  body: string;
  /** Abort this attempt after so many milliseconds. */
  timeoutMs?: number;
}

/** The server's answer; `body` is parsed JSON when it was JSON, else the text. */
export interface TransportResponse {
  status: number;
  /** From a `Retry-After` header, in milliseconds; null when absent or unreadable. */
  retryAfterMs: number | null;
  body: unknown;
}

/** Sends one request. Network failures reject; HTTP error statuses resolve. */
export interface Transport {
  send(request: TransportRequest): Promise<TransportResponse>;
}

/** Settings of the fetch transport. */
export interface FetchTransportOptions {
  /** Server root, e.g. `http://localhost:3000`. */
  baseUrl: string;
  apiKey: string | undefined;
  /** Default per-attempt timeout. */
  requestTimeoutMs: number;
  /** Replaces the global fetch (tests). */
  fetch?: typeof fetch;
}

const USER_AGENT = 'tracehub-sdk-js/0.1.0';

/** Reads a Retry-After header (delay seconds or an HTTP date) as milliseconds from now. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  return parseRetryAfterAt(value, now);
}

/** A transport that POSTs with the global fetch, authenticating with `x-api-key`. */
export function createFetchTransport(options: FetchTransportOptions): Transport {
  const root = `${options.baseUrl}/api/v1`;
  const doFetch = options.fetch ?? globalThis.fetch;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': USER_AGENT };
  if (options.apiKey) headers['x-api-key'] = options.apiKey;
  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const response = await doFetch(root + request.path, {
        method: 'POST',
        headers,
        body: request.body,
        signal: AbortSignal.timeout(request.timeoutMs ?? options.requestTimeoutMs),
      });
      const text = await response.text();
      let body: unknown = text;
      if (text !== '') {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return { status: response.status, retryAfterMs: parseRetryAfter(response.headers.get('retry-after')), body };
    },
  };
}

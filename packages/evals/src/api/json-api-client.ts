/**
 * The one JSON client for HTTP APIs — the Trace Hub API above all (`createTraceHubApi`), used by the
 * CLI, the experiment runner's server source and the `tracehub` tracker. Sends through the trackers'
 * fetchWithRetry (core's retry policy; no retries unless asked) and turns every failure into one
 * error shape, `ApiError`, whose message is one sentence saying what to do.
 */
import { answerDetail, fetchWithRetry, NetworkError, type HttpResponse } from '../trackers/http-retry.js';

/** Query parameters; undefined and empty values are left out. */
export type ApiQuery = Record<string, string | number | undefined>;

/** Why a request failed. */
export type ApiErrorKind = 'unreachable' | 'refused' | 'failed' | 'not_json';

/** The one error shape of API calls: what was asked, what came back, and a sentence for the user. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly kind: ApiErrorKind,
    /** HTTP status, null when no answer came. */
    readonly status: number | null,
    readonly method: string,
    readonly path: string,
    /** The server's `message` (or the start of its answer), or the network reason. */
    readonly detail: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** How to reach one service, and what to call it in messages. */
export interface JsonApiOptions {
  /** Root every path is appended to. */
  baseUrl: string;
  headers: Record<string, string>;
  /** Service name for messages (e.g. "Trace Hub"). */
  service: string;
  /** The address to show in messages (default baseUrl). */
  displayUrl?: string;
  /** The environment variable (or flag) that sets the address, for messages. */
  hostVariable: string;
  /** What to say when the credentials are refused. */
  authHint: string;
  /** Per-attempt timeout in milliseconds (default 60 s). */
  timeoutMs?: number;
  /** Retries of every request on network errors and transient statuses (core's retry policy; default 0). */
  retries?: number;
}

/** A JSON API. get/post/patch/delete answer the parsed 2xx body or throw ApiError; `send` answers any status. */
export interface JsonApi {
  get<T = unknown>(path: string, query?: ApiQuery): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  patch<T = unknown>(path: string, body?: unknown): Promise<T>;
  delete<T = unknown>(path: string): Promise<T>;
  /** One request whose answer (any status) the caller reads itself; `retries` as fetchWithRetry (default 0). Throws ApiError only when unreachable. */
  send(method: string, path: string, body?: unknown, options?: { retries?: number; query?: ApiQuery }): Promise<HttpResponse>;
}

function url(base: string, path: string, query?: ApiQuery): string {
  const target = new URL(base + path);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') target.searchParams.set(key, String(value));
  return target.toString();
}

/** Creates a client for one service. */
export function createJsonApi(options: JsonApiOptions): JsonApi {
  const where = options.displayUrl ?? options.baseUrl;
  async function send(method: string, path: string, body?: unknown, extra: { retries?: number; query?: ApiQuery } = {}): Promise<HttpResponse> {
    const headers = { accept: 'application/json', ...options.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) };
    try {
      return await fetchWithRetry(
        { method, url: url(options.baseUrl, path, extra.query), headers, body: body === undefined ? undefined : JSON.stringify(body), timeoutMs: options.timeoutMs ?? 60_000 },
        { retries: extra.retries ?? options.retries ?? 0 },
      );
    } catch (error) {
      if (!(error instanceof NetworkError)) throw error;
      const message = `Cannot reach ${options.service} at ${where} (${error.message}); check that it is running and ${options.hostVariable} is right.`;
      throw new ApiError(message, 'unreachable', null, method, path, error.message);
    }
  }

  async function request<T>(method: string, path: string, body?: unknown, query?: ApiQuery): Promise<T> {
    const response = await send(method, path, body, { query });
    const ok = response.status >= 200 && response.status < 300;
    let data: unknown = null;
    if (response.text) {
      try {
        data = JSON.parse(response.text);
      } catch {
        if (ok) throw new ApiError(`${options.service} answered ${method} ${path} with something that is not JSON.`, 'not_json', response.status, method, path, response.text.slice(0, 200));
      }
    }
    if (ok) return data as T;
    // `message` (Trace Hub, Langfuse) or a text `detail` (LangSmith, FastAPI).
    const answer = data as { message?: string; detail?: unknown } | null;
    const detail = answer?.message ?? (typeof answer?.detail === 'string' ? answer.detail : undefined) ?? (response.text.slice(0, 200) || answerDetail(response));
    if (response.status === 401 || response.status === 403) {
      throw new ApiError(`${options.service} refused the request (${response.status}): ${detail} ${options.authHint}`, 'refused', response.status, method, path, detail);
    }
    throw new ApiError(`${options.service}: ${detail} (${response.status} on ${method} ${path})`, 'failed', response.status, method, path, detail);
  }

  return {
    get: (path, query) => request('GET', path, undefined, query),
    post: (path, body) => request('POST', path, body ?? {}),
    patch: (path, body) => request('PATCH', path, body ?? {}),
    delete: (path) => request('DELETE', path),
    send,
  };
}

/** Where a Trace Hub server is, and how it is named in messages. */
export interface TraceHubApiOptions {
  /** Server root, e.g. http://localhost:3000. */
  host: string;
  apiKey: string;
  /** What sets the address (default TRACEHUB_HOST). */
  hostVariable?: string;
  /** What to say when the key is refused (default: set TRACEHUB_API_KEY). */
  authHint?: string;
  /** Retries of every request (default 0): for callers whose writes are idempotent. */
  retries?: number;
}

/** A client for a Trace Hub server's `/api/v1` paths. */
export function createTraceHubApi(options: TraceHubApiOptions): JsonApi {
  const host = options.host.replace(/\/+$/, '');
  return createJsonApi({
    baseUrl: `${host}/api/v1`,
    displayUrl: host,
    hostVariable: options.hostVariable ?? 'TRACEHUB_HOST',
    headers: { 'x-api-key': options.apiKey },
    service: 'Trace Hub',
    authHint: options.authHint ?? 'Set TRACEHUB_API_KEY to a key with the needed scope.',
    retries: options.retries,
  });
}

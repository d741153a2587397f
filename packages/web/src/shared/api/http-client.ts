/**
 * fetch for the Trace Hub API with the session cookie: sends the CSRF token on changes and the
 * selected project, and turns error answers into ApiError.
 */
import { getSelectedProject } from './project-selection';

/** An error answer of the API (`{error, message, issues?}`) or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: Array<{ path: string; message: string }>,
  ) {
    super(message);
  }
}

/** Options of apiFetch. */
export interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body, or a string sent as-is with `contentType`. */
  body?: unknown;
  contentType?: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
}

const listeners = new Set<() => void>();

/** Called whenever the API answers 401 (the session ended); answers an unsubscribe function. */
export function onUnauthorized(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The CSRF cookie's value, echoed in `x-csrf-token` on changes. */
export function csrfToken(): string {
  const match = document.cookie.match(/(?:^|;\s*)tracehub_csrf=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : '';
}

/** Builds `/api/v1<path>?query`, leaving out empty values. */
function apiUrl(path: string, query?: ApiRequest['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api/v1${path}${qs ? `?${qs}` : ''}`;
}

/** Sends the request with the session's headers (CSRF token on changes, the selected project). */
async function send(path: string, request: ApiRequest, accept: string): Promise<Response> {
  const method = request.method ?? 'GET';
  const headers: Record<string, string> = { accept };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  const project = getSelectedProject();
  if (project && !path.startsWith('/auth/')) headers['x-tracehub-project'] = project;
  let body: string | undefined;
  if (request.body !== undefined) {
    const raw = typeof request.body === 'string' && request.contentType;
    headers['content-type'] = raw ? (request.contentType as string) : 'application/json';
    body = raw ? (request.body as string) : JSON.stringify(request.body);
  }
  try {
    return await fetch(apiUrl(path, request.query), { method, headers, body, credentials: 'same-origin', signal: request.signal });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'The server cannot be reached.');
  }
}

/** Turns an error answer into ApiError (and tells the listeners about a 401). */
function failure(path: string, response: Response, data: unknown): ApiError {
  const err = (data ?? {}) as { error?: string; message?: string; issues?: ApiError['issues'] };
  if (response.status === 401 && !path.startsWith('/auth/login')) for (const listener of listeners) listener();
  return new ApiError(response.status, err.error ?? 'http_error', err.message ?? `HTTP ${response.status}`, err.issues);
}

const parseJson = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
};

/** Calls the API and answers the parsed JSON. */
export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const response = await send(path, request, 'application/json');
  const data = parseJson(await response.text());
  if (!response.ok) throw failure(path, response, data);
  return data as T;
}

/** Calls an API that answers NDJSON and hands each line's object to `onEvent` as it arrives. */
export async function apiStream<T>(path: string, request: ApiRequest, onEvent: (event: T) => void): Promise<void> {
  const response = await send(path, request, 'application/x-ndjson');
  if (!response.ok || !response.body) throw failure(path, response, parseJson(await response.text()));
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (value) pending += value;
    const lines = pending.split('\n');
    pending = done ? '' : (lines.pop() ?? '');
    for (const line of lines) if (line.trim()) onEvent(JSON.parse(line) as T);
    if (done) return;
  }
}

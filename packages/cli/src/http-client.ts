/** A small JSON client for HTTP APIs whose failures become one-line CliErrors. */
import { CliError } from './cli-error.js';
import type { TraceHubSettings } from './settings.js';

/** What a JSON API answered. */
export interface JsonClient {
  get<T = unknown>(path: string, query?: Record<string, string | number | undefined>): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  delete<T = unknown>(path: string): Promise<T>;
}

/** How to reach one service, and what to call it in messages. */
export interface JsonClientOptions {
  baseUrl: string;
  headers: Record<string, string>;
  /** Service name for messages (e.g. "Trace Hub"). */
  service: string;
  /** The address to show in messages (default baseUrl). */
  displayUrl?: string;
  /** The environment variable that sets the address, for messages. */
  hostVariable: string;
  /** What to say when the credentials are refused. */
  authHint: string;
  /** Per-request timeout in milliseconds (default 60 s). */
  timeoutMs?: number;
}

function url(base: string, path: string, query?: Record<string, string | number | undefined>): string {
  const target = new URL(base + path);
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined && value !== '') target.searchParams.set(key, String(value));
  return target.toString();
}

/** Creates a client; every failure (network, timeout, non-2xx, non-JSON) throws a CliError. */
export function createJsonClient(options: JsonClientOptions): JsonClient {
  async function request<T>(method: string, path: string, body?: unknown, query?: Record<string, string | number | undefined>): Promise<T> {
    const target = url(options.baseUrl, path, query);
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers: { accept: 'application/json', ...options.headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : (cause?.code ?? cause?.message ?? (error as Error).message);
      throw new CliError(`Cannot reach ${options.service} at ${options.displayUrl ?? options.baseUrl} (${reason}); check that it is running and ${options.hostVariable} is right.`);
    }
    const text = await response.text();
    let data: unknown = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        if (response.ok) throw new CliError(`${options.service} answered ${method} ${path} with something that is not JSON.`);
      }
    }
    if (!response.ok) {
      const detail = (data as { message?: string } | null)?.message ?? (text.slice(0, 200) || response.statusText);
      if (response.status === 401 || response.status === 403) {
        throw new CliError(`${options.service} refused the request (${response.status}): ${detail} ${options.authHint}`);
      }
      throw new CliError(`${options.service}: ${detail} (${response.status} on ${method} ${path})`);
    }
    return data as T;
  }
  return {
    get: (path, query) => request('GET', path, undefined, query),
    post: (path, body) => request('POST', path, body ?? {}),
    delete: (path) => request('DELETE', path),
  };
}

/** A client for this project's Trace Hub server (`/api/v1` paths). */
export function createTraceHubClient(settings: TraceHubSettings): JsonClient {
  return createJsonClient({
    baseUrl: `${settings.host}/api/v1`,
    displayUrl: settings.host,
    hostVariable: 'TRACEHUB_HOST (or --host)',
    headers: { 'x-api-key': settings.apiKey },
    service: 'Trace Hub',
    authHint: 'Set TRACEHUB_API_KEY (or --api-key) to a key with the needed scope.',
  });
}

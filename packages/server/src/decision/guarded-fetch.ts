/**
 * A `fetch` over node:http/https whose connections pass the outbound guard: IP-literal hosts are
 * checked before connecting, host names through the socket's `lookup` (resolved once, every address
 * checked, the socket connects to a checked address). Redirects are never followed and answers are
 * capped in size. Used for webhook deliveries and, through the OpenAI SDK's `fetch` option, judges.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Readable } from 'node:stream';
import type { OutboundGuard } from './outbound-guard.js';

/** Largest answer read from a webhook receiver or judge endpoint. */
export const MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

/** Error thrown when the guard refuses a target (its `code` is ETARGETREFUSED). */
export class TargetRefusedError extends Error {
  readonly code = 'ETARGETREFUSED';
}

function bodyBytes(body: unknown): Buffer | undefined {
  if (body == null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  throw new TypeError('guarded fetch sends string or byte bodies only');
}

/**
 * A fetch function that only reaches targets `guard` allows (`allowPrivate`: this target may be private).
 * Connections are kept alive per returned function; a reused socket was connected to a checked address.
 */
export function createGuardedFetch(guard: OutboundGuard, allowPrivate = false): typeof fetch {
  const lookup = guard.lookup(allowPrivate);
  const agents = { http: new http.Agent({ keepAlive: true, lookup }), https: new https.Agent({ keepAlive: true, lookup }) };
  return async function guardedFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported protocol ${url.protocol}`);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host)) {
      const refusal = guard.refuseAddress(host, allowPrivate);
      if (refusal) throw new TargetRefusedError(`refused: ${refusal}`);
    }
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const body = bodyBytes(init.body);
    if (body) headers['content-length'] = String(body.length);
    const secure = url.protocol === 'https:';

    return new Promise<Response>((resolve, reject) => {
      const request = (secure ? https : http).request(url, {
        method: init.method ?? 'GET', headers, lookup, agent: secure ? agents.https : agents.http, signal,
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (signal?.aborted) return reject(signal.reason);
        reject(error.code === 'ETARGETREFUSED' ? new TargetRefusedError(error.message) : Object.assign(new TypeError('fetch failed'), { cause: error }));
      });
      request.on('response', (res) => {
        let seen = 0;
        res.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > MAX_RESPONSE_BYTES) res.destroy(new Error(`the answer is larger than ${MAX_RESPONSE_BYTES} bytes`));
        });
        const status = res.statusCode ?? 502;
        const responseHeaders = new Headers();
        for (const [key, value] of Object.entries(res.headers)) {
          if (Array.isArray(value)) for (const v of value) responseHeaders.append(key, v);
          else if (value !== undefined) responseHeaders.set(key, value);
        }
        const empty = status === 204 || status === 205 || status === 304 || init.method === 'HEAD';
        if (empty) res.resume();
        resolve(new Response(empty ? null : (Readable.toWeb(res) as ReadableStream), {
          status: status >= 200 && status <= 599 ? status : 502, statusText: res.statusMessage, headers: responseHeaders,
        }));
      });
      request.end(body);
    });
  } as typeof fetch;
}

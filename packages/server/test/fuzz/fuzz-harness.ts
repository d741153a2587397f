/**
 * The fuzz suite's harness: fixed seed and run counts (TRACEHUB_FUZZ_SEED, TRACEHUB_FUZZ_RUNS), one
 * app per backend driven through app.inject(), and the two invariants every route must keep:
 * no answer is a 5xx, and whatever was accepted can still be listed and read.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Backend } from '../../src/storage/testing/test-stores.js';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers.js';
import { safeEncode, toJsonText } from './arbitraries.js';

/** The seed every run uses unless TRACEHUB_FUZZ_SEED says otherwise (reproducible in CI). */
export const FUZZ_SEED = Number(process.env.TRACEHUB_FUZZ_SEED ?? 20261207);
/** Multiplier of every property's run count (TRACEHUB_FUZZ_RUNS=10 explores ten times as much). */
const RUN_FACTOR = Number(process.env.TRACEHUB_FUZZ_RUNS ?? 1);
/** Each property stops generating after this long (the suite stays near a minute on two cores). */
const TIME_LIMIT_MS = Number(process.env.TRACEHUB_FUZZ_TIME_LIMIT_MS ?? (RUN_FACTOR > 1 ? 600_000 : 6_000));

/** One request as fast-check reports it in a counterexample. */
export interface FuzzRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** JSON text or raw bytes; absent for no body. */
  payload?: string | Buffer;
  contentType?: string;
  /** Default: the bootstrap admin key. */
  key?: string | null;
  /** `admin`: as the signed-in instance administrator (session cookie and CSRF header) instead of a key. */
  as?: 'admin';
  headers?: Record<string, string>;
}

/** What came back. */
export interface FuzzAnswer {
  status: number;
  text: string;
  json: unknown;
}

/** A JSON request; `body` may hold RawJson tokens. */
export function jsonRequest(method: FuzzRequest['method'], url: string, body: unknown): FuzzRequest {
  return { method, url, payload: toJsonText(body), contentType: 'application/json' };
}

/** `/api/v1/traces/<id>` with the id escaped (lone surrogates included). */
export function idPath(prefix: string, id: string, suffix = ''): string {
  return `${prefix}/${safeEncode(id)}${suffix}`;
}

/** Password of the instance administrator `admin` of every fuzz server. */
export const FUZZ_ADMIN_PASSWORD = 'fuzz-admin-password';
const sessions = new WeakMap<FastifyInstance, Record<string, string>>();

/** A server over a fresh store of `backend`, for one fuzz file, with `admin` signed in. */
export async function startFuzzServer(backend: Backend): Promise<RunningServer> {
  const server = await startTestServer(backend, { bodyLimitBytes: 2 * 1024 * 1024, adminPassword: FUZZ_ADMIN_PASSWORD });
  const login = await server.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: FUZZ_ADMIN_PASSWORD } });
  if (login.statusCode !== 200) throw new Error(`fuzz: admin sign-in failed: ${login.statusCode} ${login.body}`);
  const cookies = login.cookies as Array<{ name: string; value: string }>;
  sessions.set(server.app, {
    cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    'x-csrf-token': cookies.find((c) => c.name === 'tracehub_csrf')?.value ?? '',
  });
  return server;
}

const tally = new Map<string, Map<number, number>>();

/** With TRACEHUB_FUZZ_STATS=1: answers per route and status so far (to see what the generators reach). */
export function printTally(label: string): void {
  if (process.env.TRACEHUB_FUZZ_STATS !== '1') return;
  const lines = [...tally].map(([route, counts]) => `${route}: ${[...counts].sort((a, b) => a[0] - b[0]).map(([s, c]) => `${s}×${c}`).join(' ')}`);
  console.log(`fuzz answers (${label})\n${lines.join('\n')}`);
  tally.clear();
}

/** Sends `req` through inject(). */
export async function send(app: FastifyInstance, req: FuzzRequest): Promise<FuzzAnswer> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.as === 'admin') Object.assign(headers, sessions.get(app));
  else if (req.key !== null) headers['x-api-key'] = req.key ?? 'dev-key';
  if (req.payload !== undefined) headers['content-type'] = req.contentType ?? 'application/json';
  const res = await app.inject({ method: req.method, url: req.url, headers, payload: req.payload });
  const route = `${req.method} ${req.url.split('?')[0].split('/').slice(0, 4).join('/').slice(0, 40)}${req.url.split('?')[0].split('/').length > 4 ? '/…' : ''}`;
  const counts = tally.get(route) ?? new Map<number, number>();
  counts.set(res.statusCode, (counts.get(res.statusCode) ?? 0) + 1);
  tally.set(route, counts);
  let json: unknown = null;
  try {
    json = res.body ? JSON.parse(res.body) : null;
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, text: res.body, json };
}

/** The request as a one-line description for failure messages (payload cut at 300 characters). */
export function describeRequest(req: FuzzRequest): string {
  const payload = req.payload === undefined ? '' : Buffer.isBuffer(req.payload) ? ` <bytes ${req.payload.toString('hex').slice(0, 300)}>` : ` ${JSON.stringify(req.payload.slice(0, 300))}${req.payload.length > 300 ? `…(${req.payload.length} chars)` : ''}`;
  return `${req.method} ${req.url.slice(0, 300)}${payload}`;
}

/** Invariant 1: no 5xx; a 4xx is the house JSON error `{error, message}`. */
export function expectHandled(req: FuzzRequest, res: FuzzAnswer): void {
  const where = `${describeRequest(req)} → ${res.status} ${res.text.slice(0, 300)}`;
  expect(res.status, `5xx: ${where}`).toBeLessThan(500);
  if (res.status >= 400) {
    expect(typeof (res.json as { error?: unknown } | null)?.error, `4xx without a JSON error code: ${where}`).toBe('string');
  }
}

/** Sends `req` and checks invariant 1. */
export async function sendChecked(app: FastifyInstance, req: FuzzRequest): Promise<FuzzAnswer> {
  const res = await send(app, req);
  expectHandled(req, res);
  return res;
}

/** Every string under a `trace_id`/`traceId` key of a JSON text (what an ingest may have written). */
export function traceIdsIn(payload: string | Buffer | undefined): string[] {
  if (payload === undefined) return [];
  let body: unknown;
  try {
    body = JSON.parse(Buffer.isBuffer(payload) ? payload.toString('utf8') : payload);
  } catch {
    return [];
  }
  const ids = new Set<string>();
  const stack: unknown[] = [body];
  let visited = 0;
  while (stack.length && visited++ < 10_000) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'trace_id' || k === 'traceId') && typeof v === 'string' && v.length > 0) ids.add(k === 'traceId' ? v.toLowerCase() : v);
        else stack.push(v);
      }
    }
  }
  return [...ids].slice(0, 5);
}

/**
 * Invariant 2, after an ingest answered 2xx: the trace list answers 200, and every trace the request
 * named reads back (200) or was never stored (404); the answer's own `trace_id` must read back.
 */
export async function expectReadable(app: FastifyInstance, req: FuzzRequest, res: FuzzAnswer): Promise<void> {
  if (res.status < 200 || res.status >= 300) return;
  const where = `after ${describeRequest(req)} → ${res.status} ${res.text.slice(0, 200)}`;
  const list = await send(app, { method: 'GET', url: '/api/v1/traces?page_size=50' });
  expect(list.status, `GET /api/v1/traces → ${list.status} ${list.text.slice(0, 300)} ${where}`).toBe(200);
  const answered = (res.json as { trace_id?: unknown; accepted?: unknown } | null) ?? {};
  const must = typeof answered.trace_id === 'string' && Number(answered.accepted) > 0 ? answered.trace_id : undefined;
  for (const id of new Set([...traceIdsIn(req.payload), ...(must ? [must] : [])])) {
    const detail = await send(app, { method: 'GET', url: idPath('/api/v1/traces', id) });
    if (detail.status === 200 && (id === '.' || id === '..')) {
      // `/traces/.` is the list itself after URL normalisation: not this trace.
      expect((detail.json as { trace?: unknown } | null)?.trace, `GET /api/v1/traces/${id} answers the list, not the trace ${where}`).toBeDefined();
    }
    const line = `GET /api/v1/traces/${safeEncode(id).slice(0, 200)} → ${detail.status} ${detail.text.slice(0, 300)} ${where}`;
    if (id === must) expect(detail.status, line).toBe(200);
    else expect([200, 400, 404], line).toContain(detail.status);
  }
}

/**
 * Runs `check` on `runs` generated values with the suite's seed; fast-check prints the seed and the
 * shrunk request on failure. `examples` (past findings) run first, every time.
 */
export async function fuzz<T>(arbitrary: fc.Arbitrary<T>, runs: number, check: (value: T) => Promise<void>, examples: T[] = []): Promise<void> {
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      await check(value);
    }),
    {
      seed: FUZZ_SEED,
      numRuns: Math.max(1, Math.round(runs * RUN_FACTOR)),
      // TRACEHUB_FUZZ_EXAMPLES=0 leaves the known findings out (to explore past them while they are open).
      examples: process.env.TRACEHUB_FUZZ_EXAMPLES === '0' ? [] : examples.map((e) => [e] as [T]),
      interruptAfterTimeLimit: TIME_LIMIT_MS,
      markInterruptAsFailure: false,
    },
  );
}

/**
 * The closing sweep of a backend: every stored trace is listed and its detail reads (200), every
 * listed session opens, and the other lists and the stats overview still answer.
 */
export async function expectEverythingReadable(app: FastifyInstance): Promise<number> {
  let read = 0;
  for (let page = 1; page <= 50; page++) {
    const list = await send(app, { method: 'GET', url: `/api/v1/traces?page_size=200&page=${page}` });
    expect(list.status, `GET /api/v1/traces?page=${page} → ${list.text.slice(0, 300)}`).toBe(200);
    const items = (list.json as { items: Array<{ trace_id: string }> }).items;
    for (const item of items) {
      const detail = await send(app, { method: 'GET', url: idPath('/api/v1/traces', item.trace_id) });
      expect(detail.status, `GET /api/v1/traces/${safeEncode(item.trace_id).slice(0, 200)} (a listed trace) → ${detail.status} ${detail.text.slice(0, 300)}`).toBe(200);
      read++;
    }
    if (items.length < 200) break;
  }
  const sessions = await send(app, { method: 'GET', url: '/api/v1/sessions?page_size=200' });
  expect(sessions.status, `GET /api/v1/sessions → ${sessions.text.slice(0, 300)}`).toBe(200);
  for (const item of (sessions.json as { items: Array<{ session_id: string }> }).items) {
    const detail = await send(app, { method: 'GET', url: idPath('/api/v1/sessions', item.session_id) });
    expect(detail.status, `GET /api/v1/sessions/${safeEncode(item.session_id).slice(0, 200)} (a listed session) → ${detail.status} ${detail.text.slice(0, 300)}`).toBe(200);
  }
  for (const url of ['/api/v1/sessions?page_size=200', '/api/v1/traces/stats/overview?last_hours=8784', '/api/v1/miss-queries?last_hours=8784', '/metrics', '/api/v1/cases', '/api/v1/experiments', '/api/v1/prompts', '/api/v1/datasets', '/api/v1/policies']) {
    const res = await send(app, { method: 'GET', url });
    expect(res.status, `GET ${url} → ${res.status} ${res.text.slice(0, 300)}`).toBe(200);
  }
  return read;
}

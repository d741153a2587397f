/**
 * A listening Trace Hub for the interoperability tests, and helpers to read back what it stored:
 * the trace detail, the span tree flattened, and list queries.
 */
import { expect } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import type { Backend } from '../../src/storage/testing/test-stores.js';
import { startTestServer } from '../helpers.js';

/** The dev key every test server accepts. */
export const DEV_KEY = 'dev-key';

/** A stored span as `GET /api/v1/traces/:id` shows it (tree node). */
export interface StoredSpan {
  span_id: string;
  parent_span_id: string | null;
  name: string;
  span_type: string;
  status: string;
  model: string | null;
  input: unknown;
  output: unknown;
  attributes: Record<string, unknown>;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cached_input_tokens: number | null;
  cost: number | null;
  level: string | null;
  status_message: string | null;
  children: StoredSpan[];
}

/** A stored trace as the detail and the list show it. */
export interface StoredTrace {
  trace_id: string;
  name: string | null;
  status: string;
  model: string | null;
  user_id: string | null;
  session_id: string | null;
  input_text: string | null;
  output_text: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  span_count: number;
  error_span_count: number;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cost: number | null;
}

/** `GET /api/v1/traces/:id`. */
export interface TraceDetail {
  trace: StoredTrace;
  spans: StoredSpan[];
  span_count: number;
  timeline: Array<{ kind: string; event_type: string | null; span_id: string | null }>;
}

/** A Trace Hub listening on 127.0.0.1. */
export interface TraceHub {
  server: RunningServer;
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  /** The OTLP/HTTP traces endpoint. */
  otlpUrl: string;
  detail(traceId: string): Promise<TraceDetail>;
  /** `GET /api/v1/traces?…` items (undefined values left out). */
  list(query: Record<string, string | undefined>): Promise<StoredTrace[]>;
  close(): Promise<void>;
}

/** Starts a Trace Hub over a fresh store of `backend`, listening on a free port. */
export async function startTraceHub(backend: Backend): Promise<TraceHub> {
  const server = await startTestServer(backend);
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  const get = async (path: string) => {
    const response = await fetch(`${url}${path}`, { headers: { 'x-api-key': DEV_KEY } });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text);
  };
  return {
    server,
    url,
    otlpUrl: `${url}/v1/traces`,
    detail: (traceId) => get(`/api/v1/traces/${traceId}`),
    list: async (query) => {
      const params = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
      return (await get(`/api/v1/traces?${params}`)).items;
    },
    close: () => server.close(),
  };
}

/** Every span of a tree, depth first. */
export function flatten(spans: StoredSpan[]): StoredSpan[] {
  return spans.flatMap((s) => [s, ...flatten(s.children ?? [])]);
}

/** The one span named `name` (fails the test when there is none or more than one). */
export function spanNamed(detail: TraceDetail, name: string | RegExp): StoredSpan {
  const found = flatten(detail.spans).filter((s) => (typeof name === 'string' ? s.name === name : name.test(s.name)));
  if (found.length !== 1) {
    throw new Error(`expected one span named ${String(name)}, found ${found.length} among: ${flatten(detail.spans).map((s) => s.name).join(', ')}`);
  }
  return found[0];
}

/** The tree as nested `name (type)` labels, for a readable structural comparison. */
export function shape(spans: StoredSpan[]): unknown[] {
  return spans.map((s) => (s.children?.length ? { [`${s.name} (${s.span_type})`]: shape(s.children) } : `${s.name} (${s.span_type})`));
}

/** Like `shape`, with siblings sorted by label: for spans whose start times the library does not order reliably. */
export function unorderedShape(spans: StoredSpan[]): unknown[] {
  const label = (s: StoredSpan) => `${s.name} (${s.span_type})`;
  return [...spans]
    .sort((a, b) => (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0)) // code-unit order, locale-independent
    .map((s) => (s.children?.length ? { [label(s)]: unorderedShape(s.children) } : label(s)));
}

/** One expected chat message: role plus optional text, tool calls and tool call id. */
export interface ExpectedMessage {
  role: string;
  content?: string | RegExp;
  tool_calls?: Array<{ id?: string; name: string; arguments: unknown }>;
  tool_call_id?: string;
}

/**
 * Soft-asserts (one assertion per list) that `value` is a list of OpenAI chat messages matching
 * `expected` one for one: `{role, content, tool_calls?: [{id, type: 'function', function: {name,
 * arguments}}], tool_call_id?}` with `arguments` a JSON text whose parsed value equals the
 * expected one. Only the fields `expected` names are compared.
 */
export function expectMessages(value: unknown, expected: ExpectedMessage[], label: string): void {
  const want = expected.map((m) => ({
    role: m.role,
    ...(m.content !== undefined ? { content: m.content instanceof RegExp ? expect.stringMatching(m.content) : m.content } : {}),
    ...(m.tool_call_id !== undefined ? { tool_call_id: m.tool_call_id } : {}),
    ...(m.tool_calls
      ? { tool_calls: m.tool_calls.map((c) => ({ id: c.id ?? expect.any(String), type: 'function', name: c.name, arguments: c.arguments })) }
      : {}),
  }));
  const got = Array.isArray(value) ? value.map((m, i) => project(m, expected[i])) : value;
  expect.soft(got, `${label}: ${JSON.stringify(value)?.slice(0, 1000)}`).toEqual(want);
}

/** The fields of a stored message that `want` names, tool call arguments parsed from JSON text. */
function project(message: unknown, want: ExpectedMessage | undefined): unknown {
  if (message === null || typeof message !== 'object' || !want) return message;
  const m = message as Record<string, unknown>;
  const calls = m.tool_calls as Array<{ id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } }> | undefined;
  return {
    role: m.role,
    ...(want.content !== undefined ? { content: m.content } : {}),
    ...(want.tool_call_id !== undefined ? { tool_call_id: m.tool_call_id } : {}),
    ...(want.tool_calls
      ? {
          tool_calls: Array.isArray(calls)
            ? calls.map((c) => ({
                id: c?.id,
                type: c?.type,
                name: c?.function?.name,
                arguments: typeof c?.function?.arguments === 'string' ? safeParse(c.function.arguments) : { 'not JSON text': c?.function?.arguments },
              }))
            : calls,
        }
      : {}),
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sum of a numeric field over spans (null counts as 0). */
export function sum(spans: StoredSpan[], field: 'input_tokens' | 'output_tokens' | 'total_tokens' | 'cost'): number {
  return spans.reduce((total, s) => total + (s[field] ?? 0), 0);
}

/**
 * Test helper: a small in-memory server that answers like LangSmith's REST API (the paths the langsmith
 * SDKs call, with or without the `/api/v1` prefix of a self-hosted LangSmith) and records every request:
 * sessions (projects and experiments), `POST /runs/query` with `session`, `is_root`, `start_time`,
 * `error`, a `filter` in LangSmith's filter language and `cursors.next` paging, `POST /runs`,
 * datasets, examples (`/examples/bulk`) and feedback. The `x-api-key` header must be the key.
 */
import { randomUUID } from 'node:crypto';
import { startRecordingServer, type FakeAnswer, type RecordedRequest, type RecordingServer } from './recording-server.js';

type Row = Record<string, any>;

/** A running fake LangSmith; its state is open for tests to seed and inspect. */
export interface FakeLangSmith extends RecordingServer {
  apiKey: string;
  sessions: Row[];
  runs: Row[];
  datasets: Row[];
  examples: Row[];
  feedback: Row[];
  /** Adds a tracing project; answers its id. */
  addProject(name: string): string;
  /** Adds a root run (a trace) to a project: LangSmith's shape, start_time without a zone as LangSmith answers it. */
  addRun(project: string, run: Row): Row;
}

/** A parsed filter expression: a call, a field name, a literal or a list. */
type Expr = { call: string; args: Expr[] } | { field: string } | { value: unknown } | { list: Expr[] };

/** Parses LangSmith's filter language (`and(eq(name, "x"), gte(start_time, "…"))`). */
function parseFilter(text: string): Expr {
  let at = 0;
  const space = () => {
    while (/\s/.test(text[at] ?? '')) at++;
  };
  const expr = (): Expr => {
    space();
    if (text[at] === '"') {
      const end = /"(?:[^"\\]|\\.)*"/y;
      end.lastIndex = at;
      const match = end.exec(text);
      if (!match) throw new Error(`unterminated string at ${at}`);
      at += match[0].length;
      return { value: JSON.parse(match[0]) };
    }
    if (text[at] === '[') {
      at++;
      const list: Expr[] = [];
      for (space(); text[at] !== ']'; space()) {
        list.push(expr());
        space();
        if (text[at] === ',') at++;
      }
      at++;
      return { list };
    }
    const word = /[A-Za-z_][A-Za-z0-9_.]*|-?\d+(?:\.\d+)?/y;
    word.lastIndex = at;
    const match = word.exec(text);
    if (!match) throw new Error(`unexpected "${text.slice(at, at + 10)}" at ${at}`);
    at += match[0].length;
    if (/^-?\d/.test(match[0])) return { value: Number(match[0]) };
    space();
    if (text[at] !== '(') return match[0] === 'null' ? { value: null } : { field: match[0] };
    at++;
    const args: Expr[] = [];
    for (space(); text[at] !== ')'; space()) {
      if (at >= text.length) throw new Error('unterminated call');
      args.push(expr());
      space();
      if (text[at] === ',') at++;
    }
    at++;
    return { call: match[0], args };
  };
  const parsed = expr();
  space();
  if (at !== text.length) throw new Error(`unexpected "${text.slice(at)}"`);
  return parsed;
}

const CALLS = new Set(['and', 'or', 'not', 'eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'has']);

/** Whether `row` (with one metadata key/value binding) matches. Times compare as times. */
function evaluate(e: Expr, row: Row): unknown {
  if ('value' in e) return e.value;
  if ('field' in e) return row[e.field];
  if ('list' in e) return e.list.map((x) => evaluate(x, row));
  const args = e.args.map((a) => evaluate(a, row));
  const time = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? v : `${v}Z`) : v) as number;
  const [a, b] = [time(args[0]), time(args[1])];
  switch (e.call) {
    case 'and': return args.every(Boolean);
    case 'or': return args.some(Boolean);
    case 'not': return !args[0];
    case 'eq': return a === b;
    case 'neq': return a !== b;
    case 'lt': return a < b;
    case 'lte': return a <= b;
    case 'gt': return a > b;
    case 'gte': return a >= b;
    case 'in': return (args[1] as unknown[]).includes(args[0]);
    case 'has': return Array.isArray(args[0]) && args[0].includes(args[1]);
    default: throw new Error(`unknown function ${e.call}`);
  }
}

function checkCalls(e: Expr): void {
  if ('call' in e) {
    if (!CALLS.has(e.call)) throw new Error(`unknown function ${e.call}`);
    e.args.forEach(checkCalls);
  }
  if ('list' in e) e.list.forEach(checkCalls);
}

/** A run matches when some metadata key/value binding (or none) satisfies the filter. */
function matches(filter: Expr, run: Row): boolean {
  const metadata = Object.entries((run.extra?.metadata ?? {}) as Row);
  const bindings = metadata.length ? metadata.map(([key, value]) => ({ metadata_key: key, metadata_value: value })) : [{}];
  return bindings.some((binding) => !!evaluate(filter, { ...run, ...binding }));
}

const zoned = (time: string) => (/(Z|[+-]\d{2}:?\d{2})$/.test(time) ? time : `${time}Z`);

/** Starts the fake; `pageSize` caps every runs/query page (as a real server may), default 100. */
export async function startFakeLangSmith(options: { apiKey?: string; pageSize?: number } = {}): Promise<FakeLangSmith> {
  const apiKey = options.apiKey ?? 'lsv2_pt_test';
  const pageSize = options.pageSize ?? 100;
  const state = { sessions: [] as Row[], runs: [] as Row[], datasets: [] as Row[], examples: [] as Row[], feedback: [] as Row[] };
  const notFound = (what: string): FakeAnswer => ({ status: 404, body: { detail: `${what} not found` } });

  function handle(req: RecordedRequest): FakeAnswer {
    if (req.headers['x-api-key'] !== apiKey) return { status: 401, body: { detail: 'Invalid token' } };
    const url = new URL(req.url, 'http://fake');
    const path = url.pathname.replace(/^\/api\/v1(?=\/)/, '');
    const query = url.searchParams;
    const route = `${req.method} ${path}`;
    const body = req.body.length ? req.json() : undefined;

    if (route === 'GET /sessions') {
      const name = query.get('name');
      return { body: state.sessions.filter((s) => name === null || s.name === name).slice(0, Number(query.get('limit') ?? 100)) };
    }
    if (route === 'POST /sessions') {
      if (state.sessions.some((s) => s.name === body.name)) return { status: 409, body: { detail: 'Session already exists.' } };
      const session = { id: randomUUID(), ...body };
      state.sessions.push(session);
      return { body: session };
    }
    const sessionMatch = /^\/sessions\/([^/]+)$/.exec(path);
    if (req.method === 'PATCH' && sessionMatch) {
      const session = state.sessions.find((s) => s.id === sessionMatch[1]);
      if (!session) return notFound('Session');
      Object.assign(session, body);
      return { body: session };
    }
    if (route === 'POST /runs/query') {
      if (!Array.isArray(body.session) || !body.session.length) return { status: 400, body: { detail: 'session is required' } };
      let filter: Expr | null = null;
      try {
        if (body.filter) checkCalls((filter = parseFilter(body.filter)));
      } catch (error) {
        return { status: 400, body: { detail: `Invalid filter: ${(error as Error).message}` } };
      }
      const since = body.start_time ? Date.parse(zoned(body.start_time)) : null;
      const rows = state.runs
        .filter((r) => body.session.includes(r.session_id))
        .filter((r) => !body.is_root || !r.parent_run_id)
        .filter((r) => since === null || Date.parse(zoned(r.start_time)) >= since)
        .filter((r) => body.error === undefined || body.error === null || !!r.error === body.error)
        .filter((r) => !filter || matches(filter, r))
        .sort((a, b) => Date.parse(zoned(b.start_time)) - Date.parse(zoned(a.start_time)));
      const offset = body.cursor ? Number(Buffer.from(body.cursor, 'base64').toString()) : 0;
      const limit = Math.min(body.limit ?? 100, pageSize);
      const page = rows.slice(offset, offset + limit);
      const next = offset + limit < rows.length ? Buffer.from(String(offset + limit)).toString('base64') : null;
      return { body: { runs: page, cursors: { next } } };
    }
    if (route === 'POST /runs') {
      if (!body.id || !(body.session_id || body.session_name)) return { status: 422, body: { detail: 'id and session_id are required' } };
      if (state.runs.some((r) => r.id === body.id)) return { status: 409, body: { detail: 'Run already exists' } };
      state.runs.push({ parent_run_id: null, ...body });
      return { status: 202, body: {} };
    }
    if (route === 'GET /datasets') {
      const name = query.get('name');
      return { body: state.datasets.filter((d) => name === null || d.name === name).slice(0, Number(query.get('limit') ?? 100)) };
    }
    if (route === 'POST /datasets') {
      if (state.datasets.some((d) => d.name === body.name)) return { status: 409, body: { detail: 'Dataset with this name already exists.' } };
      const dataset = { id: randomUUID(), ...body };
      state.datasets.push(dataset);
      return { body: dataset };
    }
    if (route === 'GET /examples') {
      const offset = Number(query.get('offset') ?? 0);
      const limit = Number(query.get('limit') ?? 100);
      return { body: state.examples.filter((e) => e.dataset_id === query.get('dataset')).slice(offset, offset + limit) };
    }
    if (route === 'POST /examples/bulk') {
      if (!Array.isArray(body)) return { status: 422, body: { detail: 'a list of examples is required' } };
      for (const e of body) {
        if (!state.datasets.some((d) => d.id === e.dataset_id)) return notFound('Dataset');
        if (state.examples.some((x) => x.id === e.id)) return { status: 409, body: { detail: `Example ${e.id} already exists` } };
      }
      const created = body.map((e: Row) => ({ id: randomUUID(), ...e }));
      state.examples.push(...created);
      return { body: created };
    }
    if (route === 'PATCH /examples/bulk') {
      if (!Array.isArray(body)) return { status: 422, body: { detail: 'a list of examples is required' } };
      for (const e of body) if (!state.examples.some((x) => x.id === e.id)) return notFound('Example');
      for (const e of body) Object.assign(state.examples.find((x) => x.id === e.id)!, e);
      return { body: {} };
    }
    if (route === 'POST /feedback') {
      if (!body.key || !(body.run_id || body.session_id)) return { status: 422, body: { detail: 'key and run_id are required' } };
      if (state.feedback.some((f) => f.id === body.id)) return { status: 409, body: { detail: 'Feedback already exists' } };
      state.feedback.push(body);
      return { body };
    }
    return notFound(route);
  }

  const addProject = (name: string) => {
    const id = randomUUID();
    state.sessions.push({ id, name });
    return id;
  };
  const server = await startRecordingServer(handle);
  return {
    ...server,
    apiKey,
    ...state,
    addProject,
    addRun(project, run) {
      const sessionId = state.sessions.find((s) => s.name === project)?.id ?? addProject(project);
      const id = run.id ?? randomUUID();
      const row = { id, trace_id: id, parent_run_id: null, run_type: 'chain', session_id: sessionId, error: null, tags: [], extra: { metadata: {} }, inputs: {}, outputs: {}, ...run };
      state.runs.push(row);
      return row;
    },
  };
}

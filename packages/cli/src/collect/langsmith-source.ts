/**
 * Traces from LangSmith's REST API: the project name is resolved to its id (`GET /sessions?name=`),
 * then root runs (one per trace) are read with `POST /runs/query` — `session: [id]`, `is_root: true`,
 * `start_time` (--since), `error` (--status), and a `filter` for the rest (`lt(start_time, …)` for
 * --until, `eq(name, …)` for --trace-name, the thread metadata keys session_id / thread_id /
 * conversation_id for --session), paged by `cursors.next`, newest first. Paths are appended to
 * LANGSMITH_ENDPOINT and the key is sent as `x-api-key`, as the langsmith SDKs do (see
 * @tracehub/evals langsmith-api.ts).
 */
import { createLangSmithApi, langsmithProjectId, type LangSmithSettings } from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import { isExperimentTrace, type SourceTrace, type TraceQuery, type TraceSource } from './trace-source.js';

interface LangSmithRun {
  id: string;
  trace_id?: string | null;
  name?: string | null;
  start_time: string;
  inputs?: unknown;
  extra?: { metadata?: Record<string, unknown> | null } | null;
  tags?: string[] | null;
  reference_example_id?: string | null;
}

interface RunsPage {
  runs: LangSmithRun[];
  cursors?: { next?: string | null } | null;
}

const PAGE_SIZE = 100;
const SELECT = ['id', 'trace_id', 'name', 'start_time', 'inputs', 'extra', 'tags', 'reference_example_id'];
/** The metadata keys LangSmith groups a thread (conversation) by. */
const THREAD_KEYS = ['session_id', 'thread_id', 'conversation_id'];

/** A string literal of LangSmith's filter language. */
const literal = (value: string) => JSON.stringify(value);

/** The `filter` expression for what the body fields do not cover, or undefined. */
export function langsmithFilter(query: TraceQuery): string | undefined {
  const parts: string[] = [];
  if (query.until) parts.push(`lt(start_time, ${literal(query.until)})`);
  if (query.name) parts.push(`eq(name, ${literal(query.name)})`);
  if (query.sessionId) parts.push(`and(in(metadata_key, [${THREAD_KEYS.map(literal).join(', ')}]), eq(metadata_value, ${literal(query.sessionId)}))`);
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : `and(${parts.join(', ')})`;
}

/** LangSmith answers times without a zone; they are UTC. */
const utc = (time: string) => (/(Z|[+-]\d{2}:?\d{2})$/.test(time) ? time : `${time}Z`);

/** The thread a run belongs to (its session_id, thread_id or conversation_id metadata). */
function threadOf(run: LangSmithRun): string | null {
  const metadata = run.extra?.metadata ?? {};
  for (const key of THREAD_KEYS) if (typeof metadata[key] === 'string' || typeof metadata[key] === 'number') return String(metadata[key]);
  return null;
}

/** A TraceSource over a LangSmith project; refuses to start without an API key. */
export function createLangSmithSource(settings: LangSmithSettings, project: string | undefined): TraceSource {
  if (!settings.apiKey) throw new CliError('--source langsmith needs LANGSMITH_API_KEY (and LANGSMITH_ENDPOINT for a self-hosted LangSmith) in the environment.');
  const projectName = project ?? settings.project ?? 'default';
  const client = createLangSmithApi(settings, 2);
  return {
    name: 'langsmith',
    async *pages(query: TraceQuery) {
      const body: Record<string, unknown> = {
        session: [await langsmithProjectId(client, projectName)],
        is_root: true,
        start_time: query.since,
        error: query.status === undefined ? undefined : query.status === 'error',
        filter: langsmithFilter(query),
        order: 'desc',
        limit: PAGE_SIZE,
        select: SELECT,
      };
      for (;;) {
        const answer = await client.post<RunsPage>('/runs/query', body);
        if (!answer || !Array.isArray(answer.runs)) throw new CliError('LangSmith answered POST /runs/query without a "runs" list; is LANGSMITH_ENDPOINT a LangSmith API?');
        yield answer.runs.map(
          (run): SourceTrace => ({
            id: run.trace_id ?? run.id,
            name: run.name ?? null,
            timestamp: utc(run.start_time),
            sessionId: threadOf(run),
            input: run.inputs ?? null,
            // Experiment runs are linked to a dataset example; the langsmith tracker also tags them.
            experiment: isExperimentTrace(null, run.tags) || !!run.reference_example_id,
          }),
        );
        const next = answer.cursors?.next;
        if (!next || answer.runs.length === 0) return;
        body.cursor = next;
      }
    },
  };
}

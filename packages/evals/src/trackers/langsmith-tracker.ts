/**
 * The `langsmith` tracker, through LangSmith's REST API (langsmith-api.ts: LANGSMITH_ENDPOINT,
 * LANGSMITH_API_KEY as `x-api-key`), laid out as the langsmith SDK's `evaluate()` does:
 * the dataset (found or created by name) and one example per item (`POST /examples/bulk`, ids stable
 * per dataset and item, so `dataset upload --to langsmith` and tracked runs share them); an
 * experiment — a tracer session with `reference_dataset_id` (`POST /sessions`, kept on --resume);
 * one root run per item linked to its example (`POST /runs`, `reference_example_id`, inputs, the
 * output, error, tokens and cost); one feedback per evaluator score (`POST /feedback`, key = the
 * evaluator, comment = the JSON of `{passed_items, failed_items, reasoning, suggestions}`); at the end
 * `PATCH /sessions/{id}` with the end time and the run's metrics added to its metadata.
 */
import { v5 as uuidv5 } from 'uuid';
import type { ItemRecord } from '../experiment-types.js';
import type { ItemTrace } from '../runner/item-trace.js';
import type { RunDescription } from '../runner/run-description.js';
import { ApiError, type JsonApi } from '../api/json-api-client.js';
import {
  createLangSmithApi,
  ensureLangSmithDataset,
  langsmithExampleId,
  langsmithInputs,
  listLangSmithExamples,
  syncLangSmithExamples,
  type LangSmithSettings,
} from './langsmith-api.js';
import { TrackerError, type FinishedRun, type Tracker } from './tracker.js';

/** Namespace of feedback ids (one per run and evaluator, so a retried call does not add a copy). */
const FEEDBACK_NAMESPACE = '5d2c8e1a-9f47-4b36-8a0e-7c1b3f6d2e95';

/** A 32-hex trace id as the UUID LangSmith run ids are. */
const asUuid = (hex: string) => hex.replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/** LangSmith's dotted order of a root run: its start time (UTC, microseconds) then its id. */
const dottedOrder = (startMs: number, id: string) => `${new Date(startMs).toISOString().replace(/[-:]/g, '').replace(/\.(\d{3})Z$/, '$1000Z')}${id}`;

/** The experiment's metadata: link keys, run id, prompt, dataset and model (sent at the start and again, with metrics, at the end). */
const experimentMetadata = (run: RunDescription) => ({
  ...run.linkKeys,
  run_id: run.runId,
  prompt: `${run.prompt.name}@${run.prompt.version}`,
  prompt_sha256: run.prompt.content_hash,
  dataset_sha256: run.dataset.sha256,
  model: run.model.model,
});

/** Creates the tracker. */
export function createLangSmithTracker(settings: LangSmithSettings): Tracker {
  const api: JsonApi = createLangSmithApi(settings, 3);
  let run: RunDescription | null = null;
  let dataset: { id: string; name: string } | null = null;
  let sessionId = '';
  let examples: Awaited<ReturnType<typeof listLangSmithExamples>> = new Map();
  /** One example sync per item, shared by its repetitions (items are logged concurrently). */
  const synced = new Map<string, Promise<unknown>>();

  /** Runs `work`, turning API failures into a TrackerError naming LangSmith. */
  async function tracked<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ApiError) throw new TrackerError('langsmith', error.message);
      throw error;
    }
  }

  return {
    name: 'langsmith',
    async check() {
      if (!settings.apiKey) {
        throw new TrackerError('langsmith', 'LANGSMITH_API_KEY is not set; create an API key in the LangSmith settings and set it (and LANGSMITH_ENDPOINT for a self-hosted LangSmith).');
      }
      let response: Awaited<ReturnType<JsonApi['send']>>;
      try {
        response = await api.send('GET', '/sessions', undefined, { retries: 1, query: { limit: 1 } });
      } catch (error) {
        if (error instanceof ApiError) throw new TrackerError('langsmith', error.message);
        throw error;
      }
      if (response.status === 401 || response.status === 403) throw new TrackerError('langsmith', `LangSmith at ${settings.endpoint} refused the key (${response.status}); check LANGSMITH_API_KEY.`);
      let sessions: unknown = null;
      try {
        sessions = JSON.parse(response.text);
      } catch {
        // Not JSON: not LangSmith (said below).
      }
      if (response.status >= 300 || !Array.isArray(sessions)) {
        throw new TrackerError('langsmith', `LangSmith at ${settings.endpoint} answered ${response.status} to GET /sessions; is LANGSMITH_ENDPOINT a LangSmith API (https://api.smith.langchain.com, or https://<host>/api/v1 when self-hosted)?`);
      }
    },
    async startRun(description, state) {
      run = description;
      await tracked(async () => {
        const found = await ensureLangSmithDataset(api, description.dataset.name, `Trace Hub dataset ${description.dataset.name} v${description.dataset.version}`);
        dataset = { id: found.id, name: description.dataset.name };
        examples = found.created ? new Map() : await listLangSmithExamples(api, found.id);
        if (typeof state?.langsmith_session_id === 'string') {
          sessionId = state.langsmith_session_id;
          return;
        }
        const session = await api.post<{ id: string }>('/sessions', {
          name: `${description.name} (${description.runId})`,
          description: `Trace Hub run ${description.runId}: ${description.prompt.name} v${description.prompt.version} × ${description.dataset.name} v${description.dataset.version}`,
          reference_dataset_id: found.id,
          start_time: description.startedAt,
          extra: { metadata: experimentMetadata(description) },
        });
        sessionId = session.id;
      });
      return { langsmith_session_id: sessionId, langsmith_dataset_id: dataset?.id };
    },
    async logItem(record: ItemRecord, trace: ItemTrace) {
      if (!run || !dataset) throw new Error('logItem before startRun');
      const target = dataset;
      const current = run;
      await tracked(async () => {
        let sync = synced.get(record.item_id);
        if (!sync) {
          sync = syncLangSmithExamples(api, target, [{ id: record.item_id, input: record.input, expected: record.expected ?? null, metadata: record.metadata }], examples);
          synced.set(record.item_id, sync);
        }
        await sync;
        const id = asUuid(trace.traceId);
        await api.post('/runs', {
          id,
          trace_id: id,
          dotted_order: dottedOrder(trace.startMs, id),
          name: trace.name,
          run_type: 'chain',
          session_id: sessionId,
          reference_example_id: langsmithExampleId(target.name, record.item_id),
          inputs: langsmithInputs(record.input),
          outputs: { output: record.output },
          error: record.error ?? undefined,
          start_time: new Date(trace.startMs).toISOString(),
          end_time: new Date(Math.max(trace.endMs, trace.startMs)).toISOString(),
          tags: ['experiment', `run:${current.runId}`],
          extra: {
            metadata: {
              ...current.linkKeys,
              run_id: current.runId,
              item_id: record.item_id,
              repetition: record.repetition,
              passed: record.passed,
              score: record.score,
              latency_ms: record.latency_ms,
              cost: record.cost,
              input_tokens: record.input_tokens,
              output_tokens: record.output_tokens,
              tracehub_trace_id: trace.traceId,
            },
          },
        });
        for (const s of trace.scores) {
          if (s.score.status === 'skipped') continue;
          await api.post('/feedback', {
            id: uuidv5(`${id}\u0000${s.name}`, FEEDBACK_NAMESPACE),
            run_id: id,
            key: s.name,
            score: s.score.status === 'error' ? 0 : (s.score.score ?? 0),
            comment: JSON.stringify(s.score.comment),
            feedback_source: { type: 'api', metadata: { run_id: current.runId, status: s.score.status, passed: s.score.passed, threshold: s.score.threshold, weight: s.score.weight } },
          });
        }
      });
    },
    async finishRun(finished: FinishedRun) {
      if (!sessionId) return;
      const m = finished.metrics;
      await tracked(() =>
        api.patch(`/sessions/${sessionId}`, {
          end_time: new Date().toISOString(),
          extra: {
            metadata: {
              ...experimentMetadata(finished.description),
              status: finished.status,
              pass_rate: m.pass_rate,
              score_mean: m.aggregations.mean,
              items: m.counts.items,
              errors: m.counts.errors,
              ...Object.fromEntries(Object.entries(m.scores).map(([axis, value]) => [`${axis}_mean`, value])),
            },
          },
        }),
      );
    },
  };
}

/**
 * The `langfuse` tracker, through Langfuse's public API (Basic auth LANGFUSE_PUBLIC_KEY:LANGFUSE_SECRET_KEY
 * at LANGFUSE_HOST): the dataset and its items (`POST /api/public/v2/datasets`, `/dataset-items`, upserts),
 * each item's trace, observations and scores in one `POST /api/public/ingestion` batch (score comments
 * are the JSON text of `{passed_items, failed_items, reasoning, suggestions}`), and a dataset run item
 * linking trace and dataset item (`POST /api/public/dataset-run-items`, run name = experiment name,
 * metadata.run_id = the run id).
 */
import { randomUUID } from 'node:crypto';
import type { ItemRecord } from '../experiment-types.js';
import type { ItemTrace, TraceSpan } from '../runner/item-trace.js';
import type { RunDescription } from '../runner/run-description.js';
import { sha256Hex } from '../hashing.js';
import { answerDetail, fetchWithRetry, NetworkError, type HttpResponse } from './http-retry.js';
import { TrackerError, type Tracker } from './tracker.js';

/** Langfuse settings from the environment. */
export interface LangfuseTrackerSettings {
  host: string;
  publicKey: string | undefined;
  secretKey: string | undefined;
}

/** Reads LANGFUSE_HOST (or LANGFUSE_BASE_URL; default http://localhost:3000), LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY. */
export function langfuseTrackerSettings(env: NodeJS.ProcessEnv): LangfuseTrackerSettings {
  return {
    host: (env.LANGFUSE_HOST || env.LANGFUSE_BASE_URL || 'http://localhost:3000').replace(/\/+$/, ''),
    publicKey: env.LANGFUSE_PUBLIC_KEY || undefined,
    secretKey: env.LANGFUSE_SECRET_KEY || undefined,
  };
}

/** The Langfuse dataset item id of a Trace Hub dataset item (stable, unique per dataset and item). */
export const langfuseItemId = (dataset: string, itemId: string) => `tracehub-${sha256Hex(`${dataset}\u0000${itemId}`).slice(0, 32)}`;

const iso = (ms: number) => new Date(ms).toISOString();

function observation(span: TraceSpan, traceId: string, timestamp: string) {
  const common = {
    id: span.spanId,
    traceId,
    parentObservationId: span.parentSpanId,
    name: span.name,
    startTime: iso(span.startMs),
    endTime: iso(Math.max(span.endMs, span.startMs)),
    input: span.input,
    output: span.output,
    metadata: { ...span.attributes, span_type: span.type },
    level: span.status === 'error' ? 'ERROR' : 'DEFAULT',
    statusMessage: span.statusMessage,
  };
  if (span.type !== 'llm') return { id: randomUUID(), timestamp, type: 'span-create', body: common };
  const usage = span.inputTokens !== null || span.outputTokens !== null ? { input: span.inputTokens ?? 0, output: span.outputTokens ?? 0, total: (span.inputTokens ?? 0) + (span.outputTokens ?? 0), unit: 'TOKENS' } : undefined;
  return {
    id: randomUUID(),
    timestamp,
    type: 'generation-create',
    body: { ...common, model: span.model, ...(usage ? { usage } : {}), ...(span.cost !== null ? { costDetails: { total: span.cost } } : {}) },
  };
}

/** Creates the tracker. */
export function createLangfuseTracker(settings: LangfuseTrackerSettings): Tracker {
  const auth = `Basic ${Buffer.from(`${settings.publicKey}:${settings.secretKey}`).toString('base64')}`;
  let run: RunDescription | null = null;
  const createdItems = new Set<string>();

  async function call(method: string, path: string, body?: unknown, retries = 4): Promise<HttpResponse> {
    try {
      return await fetchWithRetry(
        { method, url: `${settings.host}${path}`, headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) },
        { retries },
      );
    } catch (error) {
      if (error instanceof NetworkError) throw new TrackerError('langfuse', `Langfuse is not reachable at ${settings.host} (${error.message}); start it or fix LANGFUSE_HOST.`);
      throw error;
    }
  }
  async function ok(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await call(method, path, body);
    if (response.status === 401 || response.status === 403) throw new TrackerError('langfuse', `Langfuse refused the keys (${response.status}); check LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY.`);
    if (response.status >= 300 && response.status !== 207) throw new TrackerError('langfuse', `${method} ${path} answered ${response.status}: ${answerDetail(response)}`);
    return response.text ? JSON.parse(response.text) : null;
  }

  return {
    name: 'langfuse',
    async check() {
      if (!settings.publicKey || !settings.secretKey) {
        throw new TrackerError('langfuse', 'LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are not set; create keys in the Langfuse project settings and set them (and LANGFUSE_HOST).');
      }
      const response = await call('GET', '/api/public/projects', undefined, 1);
      if (response.status === 401 || response.status === 403) throw new TrackerError('langfuse', `Langfuse at ${settings.host} refused the keys (${response.status}); check LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY.`);
      if (response.status >= 300) throw new TrackerError('langfuse', `Langfuse at ${settings.host} answered ${response.status} to GET /api/public/projects (${answerDetail(response)}); is LANGFUSE_HOST a Langfuse server?`);
    },
    async startRun(description) {
      run = description;
      await ok('POST', '/api/public/v2/datasets', {
        name: description.dataset.name,
        description: `Trace Hub dataset ${description.dataset.name} v${description.dataset.version}`,
        metadata: { tracehub_version: description.dataset.version, sha256: description.dataset.sha256 },
      });
    },
    async logItem(record: ItemRecord, trace: ItemTrace) {
      if (!run) throw new Error('logItem before startRun');
      const datasetItemId = langfuseItemId(run.dataset.name, record.item_id);
      if (!createdItems.has(datasetItemId)) {
        await ok('POST', '/api/public/dataset-items', {
          datasetName: run.dataset.name, id: datasetItemId, input: record.input, expectedOutput: record.expected ?? null,
          metadata: { ...record.metadata, tracehub_item_id: record.item_id },
        });
        createdItems.add(datasetItemId);
      }
      const timestamp = new Date().toISOString();
      const batch = [
        {
          id: randomUUID(), timestamp, type: 'trace-create',
          body: {
            id: trace.traceId, timestamp: iso(trace.startMs), name: trace.name, input: record.messages ?? record.input, output: record.output,
            sessionId: run.runId, release: `${run.prompt.name}@${run.prompt.version}`, version: run.linkKeys.pipeline_version,
            metadata: { ...trace.attributes, ...run.linkKeys, run_id: run.runId }, tags: ['experiment', `run:${run.runId}`],
          },
        },
        ...trace.spans.map((span) => observation(span, trace.traceId, timestamp)),
        ...trace.scores
          .filter((s) => s.score.status !== 'skipped')
          .map((s) => ({
            id: randomUUID(), timestamp, type: 'score-create',
            body: {
              id: `${trace.traceId}-${s.name}`.slice(0, 200), traceId: trace.traceId, observationId: s.spanId, name: s.name,
              value: s.score.status === 'error' ? 0 : (s.score.score ?? 0), dataType: 'NUMERIC', comment: JSON.stringify(s.score.comment),
              metadata: { run_id: run!.runId, status: s.score.status, passed: s.score.passed, threshold: s.score.threshold, weight: s.score.weight },
            },
          })),
      ];
      const answer = (await ok('POST', '/api/public/ingestion', { batch })) as { errors?: Array<{ id: string; status: number; message?: string; error?: unknown }> } | null;
      if (answer?.errors?.length) {
        const first = answer.errors[0];
        throw new TrackerError('langfuse', `ingestion rejected ${answer.errors.length} event(s): ${first.status} ${first.message ?? JSON.stringify(first.error ?? '')}`);
      }
      await ok('POST', '/api/public/dataset-run-items', {
        runName: run.name, runDescription: `Trace Hub run ${run.runId}`, metadata: { run_id: run.runId, ...run.linkKeys },
        datasetItemId, traceId: trace.traceId,
      });
    },
    async finishRun() {
      // Items, traces and scores were sent as each item finished.
    },
  };
}

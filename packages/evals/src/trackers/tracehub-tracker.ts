/**
 * The `tracehub` tracker: each item's trace through `POST /api/v1/ingest/traces` (render, generation
 * and evaluator spans), its scores through `POST /api/v1/evals` (source `experiment`), and the run
 * with its link keys and items through `POST /api/v1/experiments`, then the results folder as the
 * run's artifacts (tracehub-artifacts.ts).
 */
import type { ItemRecord } from '../experiment-types.js';
import type { ItemTrace } from '../runner/item-trace.js';
import type { RunDescription } from '../runner/run-description.js';
import { ApiError, createTraceHubApi } from '../api/json-api-client.js';
import { answerDetail, type HttpResponse } from './http-retry.js';
import { evalsBody, itemBody, runBody, traceIngestBody } from './tracehub-payloads.js';
import { TrackerError, type FinishedRun, type Tracker } from './tracker.js';
import { uploadResultsArtifacts } from './tracehub-artifacts.js';

/** Where the Trace Hub server is. */
export interface TraceHubTrackerOptions {
  /** Base URL, e.g. http://localhost:3000. */
  host: string;
  apiKey: string;
}

/** Most items, and about the most JSON bytes, per `POST /experiments` request (the server takes ≤ 5,000 items, 10 MB). */
const ITEM_CHUNK = 500;
const CHUNK_BYTES = 4 * 1024 * 1024;

/** Splits items into requests by count and size (an item larger than the byte budget goes alone). */
export function chunkItems<T>(items: T[]): T[][] {
  const chunks: T[][] = [[]];
  let bytes = 0;
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item));
    const current = chunks[chunks.length - 1];
    if (current.length && (current.length >= ITEM_CHUNK || bytes + size > CHUNK_BYTES)) {
      chunks.push([item]);
      bytes = size;
    } else {
      current.push(item);
      bytes += size;
    }
  }
  return chunks;
}

/** Creates the tracker. */
export function createTraceHubTracker(options: TraceHubTrackerOptions): Tracker {
  const host = options.host.replace(/\/+$/, '');
  let run: RunDescription | null = null;

  const api = createTraceHubApi({ host, apiKey: options.apiKey });

  async function call(method: string, path: string, body?: unknown, retries = 4): Promise<HttpResponse> {
    try {
      return await api.send(method, path, body, { retries });
    } catch (error) {
      if (error instanceof ApiError) throw new TrackerError('tracehub', `Trace Hub is not reachable at ${host} (${error.detail}); start it (npm start) or set TRACEHUB_HOST.`);
      throw error;
    }
  }

  async function ok(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await call(method, path, body);
    if (response.status === 401 || response.status === 403) throw new TrackerError('tracehub', `Trace Hub refused the API key (${response.status}: ${answerDetail(response)}); set TRACEHUB_API_KEY.`);
    if (response.status >= 300 && response.status !== 207) throw new TrackerError('tracehub', `${method} ${path} answered ${response.status}: ${answerDetail(response)}`);
    const answer = response.text ? (JSON.parse(response.text) as { rejected?: number; items?: Array<{ status: string; reason?: string; id: string }> }) : {};
    if (answer.rejected) {
      const first = answer.items?.find((i) => i.status === 'rejected');
      throw new TrackerError('tracehub', `${method} ${path} rejected ${answer.rejected} item(s): ${first?.id}: ${first?.reason}`);
    }
    return answer;
  }

  return {
    name: 'tracehub',
    async check() {
      // An empty body needs the ingest scope and reaches validation: 400 means reachable, allowed, up to date.
      const response = await call('POST', '/experiments', {}, 1);
      if (response.status === 400) return;
      if (response.status === 401 || response.status === 403) throw new TrackerError('tracehub', `Trace Hub at ${host} refused the API key (${response.status}); set TRACEHUB_API_KEY to a key with the ingest scope.`);
      if (response.status === 404) throw new TrackerError('tracehub', `Trace Hub at ${host} has no experiments API (404); update the server.`);
      throw new TrackerError('tracehub', `Trace Hub at ${host} answered ${response.status}: ${answerDetail(response)}`);
    },
    async startRun(description) {
      run = description;
      await ok('POST', '/experiments', { run: runBody(description, 'running', null), items: [] });
    },
    async logItem(record: ItemRecord, trace: ItemTrace) {
      if (!run) throw new Error('logItem before startRun');
      await ok('POST', '/ingest/traces', traceIngestBody(trace, run));
      if (trace.scores.length) await ok('POST', '/evals', evalsBody(trace, record));
    },
    async finishRun(finished: FinishedRun) {
      const body = runBody(finished.description, finished.status, finished.metrics);
      for (const items of chunkItems(finished.records.map(itemBody))) await ok('POST', '/experiments', { run: body, items });
      try {
        await uploadResultsArtifacts({ host, apiKey: options.apiKey }, finished.dir);
      } catch (error) {
        throw new TrackerError('tracehub', `the run is stored, but its results folder was not uploaded: ${(error as Error).message} Upload it later with \`tracehub experiment upload ${finished.dir}\`.`);
      }
    },
  };
}

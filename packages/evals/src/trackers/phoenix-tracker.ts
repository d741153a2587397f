/**
 * The `phoenix` tracker: each item's trace as OTLP/HTTP to PHOENIX_ENDPOINT (e.g.
 * http://localhost:6006/v1/traces; a base URL gets /v1/traces added), with PHOENIX_API_TOKEN as a
 * Bearer token. PHOENIX_OTLP_ENCODING = protobuf (default; Phoenix's receiver accepts only
 * application/x-protobuf) or json (OTLP/JSON, for collectors that take it). The project is
 * PHOENIX_PROJECT_NAME (default `tracehub`); every span carries `session.id` = the run id.
 * Each item's scores also go to Phoenix's REST API as span annotations on the evaluator spans
 * (`POST <base>/v1/span_annotations?sync=false`; identifier = the run id, so a resume replaces them).
 */
import type { ItemTrace } from '../runner/item-trace.js';
import { answerDetail, fetchWithRetry, NetworkError, type HttpResponse } from './http-retry.js';
import { encodeOtlpTraceRequest } from './otlp-protobuf.js';
import { otlpTraceRequest, type OtlpTraceRequest } from './otlp-request.js';
import { TrackerError, type Tracker } from './tracker.js';

/** Phoenix settings from the environment. */
export interface PhoenixSettings {
  endpoint: string | undefined;
  apiToken: string | undefined;
  projectName: string;
  encoding: 'protobuf' | 'json';
}

/** Reads PHOENIX_ENDPOINT, PHOENIX_API_TOKEN, PHOENIX_PROJECT_NAME, PHOENIX_OTLP_ENCODING. */
export function phoenixSettings(env: NodeJS.ProcessEnv): PhoenixSettings {
  const endpoint = env.PHOENIX_ENDPOINT || env.PHOENIX_COLLECTOR_ENDPOINT || undefined;
  return {
    endpoint: endpoint ? (/\/v1\/traces\/?$/.test(endpoint) ? endpoint : `${endpoint.replace(/\/+$/, '')}/v1/traces`) : undefined,
    apiToken: env.PHOENIX_API_TOKEN || env.PHOENIX_API_KEY || undefined,
    projectName: env.PHOENIX_PROJECT_NAME || 'tracehub',
    encoding: env.PHOENIX_OTLP_ENCODING === 'json' ? 'json' : 'protobuf',
  };
}

/** Creates the tracker. */
export function createPhoenixTracker(settings: PhoenixSettings): Tracker {
  let sessionId = '';
  async function post(url: string, contentType: string, body: string | Uint8Array, retries = 4): Promise<HttpResponse> {
    try {
      return await fetchWithRetry(
        { method: 'POST', url, headers: { 'content-type': contentType, ...(settings.apiToken ? { authorization: `Bearer ${settings.apiToken}` } : {}) }, body },
        { retries },
      );
    } catch (error) {
      if (error instanceof NetworkError) throw new TrackerError('phoenix', `Phoenix is not reachable at ${url} (${error.message}); start it or fix PHOENIX_ENDPOINT.`);
      throw error;
    }
  }
  function send(request: OtlpTraceRequest | null, retries = 4): Promise<HttpResponse> {
    const protobuf = settings.encoding === 'protobuf';
    // An empty ExportTraceServiceRequest is zero bytes in protobuf.
    const body = request ? (protobuf ? encodeOtlpTraceRequest(request) : JSON.stringify(request)) : protobuf ? new Uint8Array() : '{"resourceSpans":[]}';
    return post(settings.endpoint!, protobuf ? 'application/x-protobuf' : 'application/json', body, retries);
  }
  /** The trace's scores as Phoenix span annotations (LLM when a judge model gave the score, else CODE). */
  function annotate(trace: ItemTrace): Promise<HttpResponse> {
    const data = trace.scores.map((s) => ({
      span_id: s.spanId,
      name: s.name,
      annotator_kind: s.score.eval_model ? 'LLM' : 'CODE',
      result: {
        score: s.score.score,
        label: s.score.status !== 'ok' ? s.score.status : s.score.passed === null ? null : s.score.passed ? 'pass' : 'fail',
        explanation: s.score.comment.reasoning || null,
      },
      metadata: { run_id: sessionId, status: s.score.status, comment: s.score.comment },
      identifier: sessionId,
    }));
    const base = settings.endpoint!.replace(/\/v1\/traces\/?$/, '');
    return post(`${base}/v1/span_annotations?sync=false`, 'application/json', JSON.stringify({ data }));
  }
  const accepted = (response: HttpResponse, what: string) => {
    if (response.status === 401 || response.status === 403) throw new TrackerError('phoenix', `Phoenix refused ${what} (${response.status}); set PHOENIX_API_TOKEN.`);
    if (response.status === 415) throw new TrackerError('phoenix', `Phoenix refused the ${settings.encoding} encoding (415); set PHOENIX_OTLP_ENCODING=${settings.encoding === 'json' ? 'protobuf' : 'json'}.`);
    if (response.status >= 300) throw new TrackerError('phoenix', `Phoenix answered ${response.status} to ${what}: ${answerDetail(response)}`);
  };
  return {
    name: 'phoenix',
    async check() {
      if (!settings.endpoint) throw new TrackerError('phoenix', 'PHOENIX_ENDPOINT is not set; set it to the OTLP endpoint, e.g. http://localhost:6006/v1/traces.');
      accepted(await send(null, 1), 'an empty export');
    },
    async startRun(run) {
      sessionId = run.runId;
    },
    async logItem(_record, trace: ItemTrace) {
      accepted(await send(otlpTraceRequest(trace, { projectName: settings.projectName, sessionId })), `the trace of ${trace.traceId}`);
      if (trace.scores.length) accepted(await annotate(trace), `the span annotations of ${trace.traceId}`);
    },
    async finishRun() {
      // Every item's trace was exported as it finished.
    },
  };
}

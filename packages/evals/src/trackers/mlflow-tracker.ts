/**
 * The `mlflow` tracker, through the MLflow tracking server's REST API at MLFLOW_TRACKING_URI:
 * `experiments/get-by-name` (or `experiments/create`) for MLFLOW_EXPERIMENT_NAME (default `tracehub`),
 * `runs/create` with the link keys as tags, at the end `runs/log-batch` (params and metrics),
 * `runs/set-tag`, every results file through the artifacts proxy
 * (`PUT /api/2.0/mlflow-artifacts/artifacts/<run artifact path>/<file>`, laid out as seed 004 by the
 * shared artifactPath mapping: metrics/, reports/, analysis/, dataset/, prompts/, config/) and
 * `runs/update` with the final status.
 * Auth: MLFLOW_TRACKING_TOKEN (Bearer) or MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD (Basic).
 */
import fs from 'node:fs';
import type { RunDescription } from '../runner/run-description.js';
import { answerDetail, fetchWithRetry, NetworkError, type HttpResponse } from './http-retry.js';
import { TrackerError, type FinishedRun, type Tracker } from './tracker.js';
import { mlflowMetrics, mlflowParams, mlflowTags } from './mlflow-values.js';
import { artifactUploads } from '../runner/results-layout.js';

/** MLflow settings from the environment. */
export interface MlflowSettings {
  trackingUri: string | undefined;
  experimentName: string;
  token: string | undefined;
  username: string | undefined;
  password: string | undefined;
}

/** Reads MLFLOW_TRACKING_URI, MLFLOW_EXPERIMENT_NAME, MLFLOW_TRACKING_TOKEN, MLFLOW_TRACKING_USERNAME/PASSWORD. */
export function mlflowSettings(env: NodeJS.ProcessEnv): MlflowSettings {
  return {
    trackingUri: env.MLFLOW_TRACKING_URI ? env.MLFLOW_TRACKING_URI.replace(/\/+$/, '') : undefined,
    experimentName: env.MLFLOW_EXPERIMENT_NAME || 'tracehub',
    token: env.MLFLOW_TRACKING_TOKEN || undefined,
    username: env.MLFLOW_TRACKING_USERNAME || undefined,
    password: env.MLFLOW_TRACKING_PASSWORD || undefined,
  };
}

/** The artifacts-proxy path of a run: `mlflow-artifacts:/0/<run>/artifacts` → `0/<run>/artifacts`. */
function proxyRoot(artifactUri: string | undefined, experimentId: string, runId: string): string {
  const match = artifactUri ? /^mlflow-artifacts:(?:\/\/[^/]*)?\/?(.*)$/.exec(artifactUri) : null;
  return (match?.[1] || `${experimentId}/${runId}/artifacts`).replace(/\/+$/, '');
}

/** Creates the tracker. */
export function createMlflowTracker(settings: MlflowSettings): Tracker {
  const uri = settings.trackingUri ?? '';
  const headers: Record<string, string> = settings.token
    ? { authorization: `Bearer ${settings.token}` }
    : settings.username
      ? { authorization: `Basic ${Buffer.from(`${settings.username}:${settings.password ?? ''}`).toString('base64')}` }
      : {};
  let experimentId = '';
  let mlflowRunId = '';
  let artifactUri: string | undefined;

  async function call(method: string, apiPath: string, body?: unknown, retries = 4, raw?: Uint8Array): Promise<HttpResponse> {
    try {
      return await fetchWithRetry(
        {
          method, url: `${uri}${apiPath}`,
          headers: { ...headers, ...(raw ? { 'content-type': 'application/octet-stream' } : body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
        },
        { retries },
      );
    } catch (error) {
      if (error instanceof NetworkError) throw new TrackerError('mlflow', `MLflow is not reachable at ${uri} (${error.message}); start the tracking server or fix MLFLOW_TRACKING_URI.`);
      throw error;
    }
  }
  async function ok<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
    const response = await call(method, apiPath, body);
    if (response.status === 401 || response.status === 403) throw new TrackerError('mlflow', `MLflow refused the credentials (${response.status}); set MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD.`);
    if (response.status >= 300) throw new TrackerError('mlflow', `${method} ${apiPath} answered ${response.status}: ${answerDetail(response)}`);
    return (response.text ? JSON.parse(response.text) : {}) as T;
  }

  return {
    name: 'mlflow',
    async check() {
      if (!settings.trackingUri) throw new TrackerError('mlflow', 'MLFLOW_TRACKING_URI is not set; set it to the tracking server, e.g. http://localhost:5000.');
      if (!/^https?:\/\//.test(uri)) throw new TrackerError('mlflow', `MLFLOW_TRACKING_URI must be an http(s) tracking server, got "${uri}".`);
      const found = await call('GET', `/api/2.0/mlflow/experiments/get-by-name?experiment_name=${encodeURIComponent(settings.experimentName)}`, undefined, 1);
      if (found.status === 401 || found.status === 403) throw new TrackerError('mlflow', `MLflow at ${uri} refused the credentials (${found.status}).`);
      if (found.status === 200) {
        experimentId = String((JSON.parse(found.text) as { experiment: { experiment_id: string } }).experiment.experiment_id);
        return;
      }
      if (found.status !== 404 || !found.text.includes('RESOURCE_DOES_NOT_EXIST')) {
        throw new TrackerError('mlflow', `MLflow at ${uri} answered ${found.status} to experiments/get-by-name (${answerDetail(found)}); is it an MLflow tracking server?`);
      }
      experimentId = String((await ok<{ experiment_id: string }>('POST', '/api/2.0/mlflow/experiments/create', { name: settings.experimentName })).experiment_id);
    },
    async startRun(run: RunDescription, state) {
      if (state?.mlflow_run_id && state.experiment_id === experimentId) {
        mlflowRunId = String(state.mlflow_run_id);
        artifactUri = state.artifact_uri as string | undefined;
        await ok('POST', '/api/2.0/mlflow/runs/update', { run_id: mlflowRunId, status: 'RUNNING' });
      } else {
        const created = await ok<{ run: { info: { run_id: string; artifact_uri?: string } } }>('POST', '/api/2.0/mlflow/runs/create', {
          experiment_id: experimentId, run_name: run.name, start_time: Date.parse(run.startedAt), tags: mlflowTags(run),
        });
        mlflowRunId = created.run.info.run_id;
        artifactUri = created.run.info.artifact_uri;
      }
      return { mlflow_run_id: mlflowRunId, experiment_id: experimentId, artifact_uri: artifactUri };
    },
    async logItem() {
      // Per-item results arrive as artifacts (items.jsonl) and aggregated metrics at the end.
    },
    async finishRun(finished: FinishedRun) {
      const now = Date.now();
      const params = mlflowParams(finished.description);
      const metrics = mlflowMetrics(finished.metrics, now);
      for (let i = 0; i < Math.max(params.length, metrics.length); i += 100) {
        await ok('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: mlflowRunId, params: params.slice(i, i + 100), metrics: metrics.slice(i, i + 100), tags: [] });
      }
      await ok('POST', '/api/2.0/mlflow/runs/set-tag', { run_id: mlflowRunId, key: 'tracehub.status', value: finished.status });
      const root = proxyRoot(artifactUri, experimentId, mlflowRunId);
      for (const { file, localPath, artifactPath } of artifactUploads(finished.dir, finished.files)) {
        const target = `/api/2.0/mlflow-artifacts/artifacts/${root}/${artifactPath}`.split('/').map(encodeURIComponent).join('/');
        const response = await call('PUT', target, undefined, 4, fs.readFileSync(localPath));
        if (response.status >= 300) {
          throw new TrackerError('mlflow', `uploading ${file} answered ${response.status} (${answerDetail(response)}); run the tracking server with artifact serving (--serve-artifacts).`);
        }
      }
      await ok('POST', '/api/2.0/mlflow/runs/update', {
        run_id: mlflowRunId, status: finished.status === 'completed' ? 'FINISHED' : finished.status === 'interrupted' ? 'KILLED' : 'FAILED', end_time: now,
      });
    },
  };
}

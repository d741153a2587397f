/**
 * Resolves a RunSpec into a PreparedRun: loads the dataset and prompt (local layout or server, or the
 * snapshots of the run being resumed), builds the model provider, judge, evaluators and trackers,
 * and fills the link keys. Nothing is called or written here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ItemRecord, ModelConfig, RunProgress } from '../experiment-types.js';
import { createEvaluators } from '../evaluators/create-evaluators.js';
import { createProvider } from '../model/create-provider.js';
import { pickModelParameters, type ModelProvider } from '../model/model-provider.js';
import { loadPrices } from '../model/price-table.js';
import { hasLocalDataset, hasLocalPrompt, loadLocalDataset, loadLocalPrompt } from '../sources/local-source.js';
import { createJsonGet, loadServerDataset, loadServerPrompt, type JsonGet } from '../sources/server-source.js';
import { checkRequiredTrackers, createTrackers, requiredTrackers } from '../trackers/create-trackers.js';
import type { Tracker } from '../trackers/tracker.js';
import { gitInfo } from '../git-info.js';
import { PIPELINE_VERSION } from '../pipeline-version.js';
import { readItemsLog } from './items-log.js';
import type { PreparedRun } from './run-experiment.js';
import { readSnapshots, resultsPaths } from './results-layout.js';
import { resumedSpec, safeName, type ProviderSpec, type RunSpec } from './run-spec.js';

/** What preparing needs besides the spec. */
export interface PrepareOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  traceHub: { host: string; apiKey: string };
  /** Server reads (default: fetch with traceHub). */
  get?: JsonGet;
  /** Continue the run in this results directory (its snapshots and items.jsonl win over `spec`, except RESUMABLE_SETTINGS). */
  resumeDir?: string;
  retryErrors?: boolean;
  /** Replace an existing results directory of the same name. */
  overwrite?: boolean;
  baselineOutputs?: Map<string, string>;
  onProgress?: (progress: RunProgress) => void;
  signal?: AbortSignal;
  /** Tests: use these trackers / providers instead of building them. */
  trackers?: Tracker[];
  provider?: ModelProvider;
  judgeProvider?: ModelProvider;
}

/**
 * Local or server: a version or label always means the server's; `datasets/<name>/` and
 * `targets/<name>/` are read only when neither is given (source auto) or with source local.
 */
function useLocal(source: 'server' | 'local' | 'auto', pinned: string | null, what: string, exists: () => boolean): boolean {
  if (source === 'local' && pinned) throw new Error(`--local reads ${what}, which has no versions; "${pinned}" names a server version: drop --local or the ${pinned.includes('@') ? 'label' : 'version'}.`);
  return source === 'local' || (source === 'auto' && !pinned && exists());
}

async function loadDataset(spec: RunSpec, cwd: string, get: JsonGet) {
  const dir = path.resolve(cwd, spec.dataset.dir ?? 'datasets');
  const { name, version } = spec.dataset;
  const local = useLocal(spec.dataset.source, version !== null ? `${name}:${version}` : null, `${path.join(path.relative(cwd, dir) || '.', name)}/`, () => hasLocalDataset(dir, name));
  const dataset = local ? loadLocalDataset(dir, name) : await loadServerDataset(get, name, version);
  if (dataset.items.length === 0) throw new Error(`Dataset "${name}" has no items.`);
  return spec.limit ? { ...dataset, items: dataset.items.slice(0, spec.limit) } : dataset;
}

async function loadPrompt(spec: RunSpec, cwd: string, get: JsonGet) {
  const dir = path.resolve(cwd, spec.prompt.dir ?? 'targets');
  const { name, label, version } = spec.prompt;
  const pinned = version !== null ? `${name}:${version}` : label !== null ? `${name}@${label}` : null;
  const local = useLocal(spec.prompt.source, pinned, `${path.join(path.relative(cwd, dir) || '.', name)}/`, () => hasLocalPrompt(dir, name));
  return local ? loadLocalPrompt(dir, name) : loadServerPrompt(get, name, label, version);
}

function modelConfig(p: ProviderSpec, promptConfig: Record<string, unknown>): ModelConfig {
  const model = p.model || (typeof promptConfig.model === 'string' ? promptConfig.model : '');
  if (!model) throw new Error('No model: give --model (or set config.model in the prompt).');
  return {
    provider: p.provider,
    model,
    model_version: p.model_version,
    base_url: p.provider === 'offline' ? null : p.base_url,
    parameters: { ...pickModelParameters(promptConfig), ...p.parameters },
  };
}

/** Prepares the run. */
export async function prepareRun(input: RunSpec, o: PrepareOptions): Promise<PreparedRun> {
  const get = o.get ?? createJsonGet(o.traceHub.host, o.traceHub.apiKey);
  let previous: Map<string, ItemRecord> | null = null;
  let spec = input;
  let replace = false;
  let dir: string;
  let dataset;
  let prompt;
  if (o.resumeDir) {
    const stored = readSnapshots(o.resumeDir);
    spec = resumedSpec(stored.spec, input);
    checkRequiredTrackers(spec.trackers, requiredTrackers(spec.required_trackers, o.env));
    ({ dataset, prompt } = stored);
    dir = o.resumeDir;
    previous = readItemsLog(resultsPaths(dir).items);
  } else {
    checkRequiredTrackers(spec.trackers, requiredTrackers(spec.required_trackers, o.env));
    dir = path.resolve(o.cwd, spec.out_dir, safeName(spec.name));
    if (fs.existsSync(dir) && fs.readdirSync(dir).length) {
      if (!o.overwrite) throw new Error(`${path.relative(o.cwd, dir) || dir} already exists; continue it with --resume ${safeName(spec.name)}, pick another --name, or pass --overwrite.`);
      if (!fs.existsSync(resultsPaths(dir).runConfig)) throw new Error(`${dir} is not a results directory of a run; refusing to overwrite it.`);
      // Removed by runExperiment only once every check (loading, preflight, trackers) has passed.
      replace = true;
    }
    [dataset, prompt] = await Promise.all([loadDataset(spec, o.cwd, get), loadPrompt(spec, o.cwd, get)]);
  }
  const prices = loadPrices(o.env.TRACEHUB_MODEL_PRICES_FILE);
  const model = modelConfig(spec.model, prompt.config);
  const cache = { enabled: spec.cache.enabled, dir: spec.cache.dir ?? o.env.TRACEHUB_CACHE_DIR ?? undefined };
  const apiKey = (p: ProviderSpec) => o.env[p.api_key_env ?? 'OPENAI_API_KEY'];
  const provider = o.provider ?? createProvider(model, { apiKey: apiKey(spec.model), cache, cwd: o.cwd });
  const judgeSpec = spec.judge ?? (spec.evaluators.some((e) => e.type === 'llm_judge') ? { ...spec.model, parameters: {} } : null);
  const judge = judgeSpec ? modelConfig(judgeSpec, {}) : null;
  const judgeProvider = judge ? (o.judgeProvider ?? (spec.judge ? createProvider(judge, { apiKey: apiKey(judgeSpec!), cache, cwd: o.cwd }) : provider)) : undefined;
  const evaluators = await createEvaluators(spec.evaluators, {
    cwd: o.cwd,
    provider,
    settings: judge && judgeProvider ? { provider: judgeProvider, model: judge.model, prices: prices.table } : undefined,
  });
  const trackers = o.trackers ?? createTrackers(spec.trackers, { env: o.env, traceHub: o.traceHub });
  const git = gitInfo(o.cwd, o.env);
  const linkKeys = {
    dataset_name: dataset.name, dataset_version: dataset.version, model_name: model.model, model_version: model.model_version,
    prompt_version: prompt.version, retrieval_version: spec.link.retrieval_version, evaluation_profile: spec.link.evaluation_profile,
    git_commit: git.commit, git_branch: git.branch, pipeline_version: PIPELINE_VERSION,
  };
  const judgeDescription = judge ? { provider: judge.provider, model: judge.model, base_url: judge.base_url } : null;
  return {
    spec, dir, replace, dataset, prompt, model, provider, evaluators, trackers, prices: prices.table,
    modelConfigFile: { ...model, judge: judge ? { provider: judge.provider, model: judge.model, model_version: judge.model_version, base_url: judge.base_url } : null, prices: prices.rows },
    description: {
      runId: spec.run_id, name: spec.name,
      dataset: { name: dataset.name, version: dataset.version, sha256: dataset.sha256, source: dataset.source, items: dataset.items.length },
      prompt: { name: prompt.name, version: prompt.version, label: prompt.label, content_hash: prompt.content_hash, source: prompt.source },
      model, judge: judgeDescription,
      evaluators: evaluators.map((e, i) => {
        const { type: _t, name: _n, weight: _w, threshold: _th, ...options } = spec.evaluators[i];
        return { type: e.type, name: e.name, weight: e.weight, threshold: e.threshold, options };
      }),
      linkKeys, repetitions: spec.repetitions, concurrency: spec.concurrency, trackers: spec.trackers, groupBy: spec.group_by,
      startedAt: new Date().toISOString(), finishedAt: null, traceHubUrl: spec.trackers.includes('tracehub') ? o.traceHub.host : null,
    },
    previous, retryErrors: o.retryErrors ?? false, baselineOutputs: o.baselineOutputs ?? new Map(), onProgress: o.onProgress, signal: o.signal,
  };
}

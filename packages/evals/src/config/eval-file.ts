/**
 * `tracehub.eval.yaml`: a declarative set of runs for CI — every prompt × every model over one dataset
 * with the same evaluators.
 *
 *   name: interview                 # experiment name prefix (default: the file's directory name)
 *   dataset: prep_generate          # name[:version], or {name, version, source: local|server|auto, dir}
 *   prompts: [prep_generate@staging, prep_generate:2]     # name[@label|:version]
 *   models:                         # a model name, or {provider, model, base_url, api_key_env, <parameters>}
 *     - gpt-4.1-mini
 *     - {provider: ollama, model: llama3.1, temperature: 0}
 *   judge: {provider: openai, model: gpt-4.1-mini}
 *   evaluators: [keywords, forbidden, {type: llm_judge, rubric: "…", weight: 2, threshold: 0.75}]
 *   concurrency: 8
 *   repetitions: 1
 *   pass_at_k: [1, 5]               # k values of pass@k in metrics.json (default 1 and repetitions; each at most repetitions)
 *   limit: 100                      # first N items only
 *   trackers: tracehub+mlflow       # or a list
 *   required_trackers: mlflow+phoenix  # every run must log to these (default trackers then: these); else it fails before any model call
 *   cache: true
 *   group_by: [dataset_split]
 *   retrieval_version: r3
 *   evaluation_profile: ci
 *   baseline: results/last-good     # a results dir, experiment name or server run id
 *   thresholds: {score: 0.7, keywords: 0.9}
 *   out: results                    # relative to the working directory (default results)
 *   report_lang: ko                 # report.md and report.xlsx in ko or en (default: --report-lang, else the locale)
 *
 * Local datasets/ and targets/ are looked up next to the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { EvaluatorSpec } from '../evaluators/evaluator-spec.js';
import { parseEvaluatorList } from '../evaluators/create-evaluators.js';
import { parseTrackerList } from '../trackers/create-trackers.js';
import { MODEL_PARAMETERS } from '../model/model-provider.js';
import { newRunId, safeName, type ProviderSpec, type RunSpec } from '../runner/run-spec.js';
import { checkPassAtK, parsePassAtK } from '../runner/repetition-metrics.js';
import { REPORT_LANGS, type ReportLang } from '../report/report-lang.js';
import { parseDatasetRef, parsePromptRef, parseThresholds } from './refs.js';

type Doc = Record<string, unknown>;
const isRecord = (value: unknown): value is Doc => !!value && typeof value === 'object' && !Array.isArray(value);

function list(doc: Doc, plural: string, singular: string): unknown[] {
  const value = doc[plural] ?? doc[singular];
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A model entry as a ProviderSpec (provider default `defaultProvider`). */
function providerSpec(entry: unknown, defaultProvider: string, where: string): ProviderSpec {
  if (typeof entry === 'string') return { provider: defaultProvider, model: entry, base_url: null, parameters: {}, api_key_env: null, model_version: null };
  if (!isRecord(entry) || typeof entry.model !== 'string') throw new Error(`${where}: a model is a name or {provider, model, base_url, …}.`);
  const parameters = Object.fromEntries(MODEL_PARAMETERS.filter((k) => entry[k] !== undefined).map((k) => [k, entry[k]]));
  return {
    provider: typeof entry.provider === 'string' ? entry.provider : defaultProvider,
    model: entry.model,
    base_url: typeof entry.base_url === 'string' ? entry.base_url : null,
    parameters: isRecord(entry.parameters) ? { ...parameters, ...entry.parameters } : parameters,
    api_key_env: typeof entry.api_key_env === 'string' ? entry.api_key_env : null,
    model_version: typeof entry.model_version === 'string' ? entry.model_version : null,
  };
}

function evaluators(doc: Doc, file: string): EvaluatorSpec[] {
  const entries = list(doc, 'evaluators', 'evaluator');
  if (entries.length === 0) return parseEvaluatorList('keywords,forbidden,reference');
  return entries.flatMap((entry, i) => {
    if (typeof entry === 'string') return parseEvaluatorList(entry);
    if (isRecord(entry) && typeof entry.type === 'string') {
      if (entry.type === 'custom' && typeof entry.module === 'string') return [{ ...entry, type: 'custom', module: path.resolve(path.dirname(file), entry.module) }];
      return [entry as EvaluatorSpec];
    }
    throw new Error(`${file}: evaluators[${i}] must be a type name or {type, …}.`);
  });
}

/** Reads the file into one RunSpec per prompt × model. */
export function readEvalFile(file: string, defaults: { provider: string; env: NodeJS.ProcessEnv }): RunSpec[] {
  let doc: unknown;
  try {
    doc = YAML.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : `invalid YAML (${(error as Error).message.split('\n')[0]})`}.`);
  }
  if (!isRecord(doc)) throw new Error(`${file}: expected a mapping with dataset, prompts, models and evaluators.`);
  const base = path.dirname(path.resolve(file));
  const rawDataset = doc.dataset;
  const dataset = typeof rawDataset === 'string'
    ? parseDatasetRef(rawDataset)
    : isRecord(rawDataset) && typeof rawDataset.name === 'string'
      ? { ...parseDatasetRef(rawDataset.name), version: typeof rawDataset.version === 'number' ? rawDataset.version : null, source: (rawDataset.source as 'local' | 'server' | 'auto') ?? 'auto', dir: typeof rawDataset.dir === 'string' ? path.resolve(base, rawDataset.dir) : null }
      : null;
  if (!dataset) throw new Error(`${file}: dataset is required (a name, or {name, version, source}).`);
  const prompts = list(doc, 'prompts', 'prompt').map((p, i) => {
    if (typeof p !== 'string') throw new Error(`${file}: prompts[${i}] must be name, name@label or name:version.`);
    return parsePromptRef(p);
  });
  if (prompts.length === 0) throw new Error(`${file}: prompts is required (e.g. [prep_generate@staging]).`);
  const models = list(doc, 'models', 'model').map((m, i) => providerSpec(m, defaults.provider, `${file}: models[${i}]`));
  if (models.length === 0) models.push({ provider: defaults.provider, model: '', base_url: null, parameters: {}, api_key_env: null, model_version: null });
  const trackerList = (value: unknown) => parseTrackerList(Array.isArray(value) ? value.join('+') : String(value));
  const required = doc.required_trackers === undefined ? [] : trackerList(doc.required_trackers);
  const trackers = doc.trackers !== undefined ? trackerList(doc.trackers) : defaults.env.TRACEHUB_TRACKERS ? trackerList(defaults.env.TRACEHUB_TRACKERS) : required.length ? required : ['tracehub'];
  const thresholds = isRecord(doc.thresholds) ? Object.fromEntries(Object.entries(doc.thresholds).map(([k, v]) => [k, Number(v)])) : doc.threshold !== undefined ? parseThresholds(String(doc.threshold)) : {};
  const prefix = typeof doc.name === 'string' ? doc.name : path.basename(base);
  const number = (key: string, fallback: number) => {
    const v = doc[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`${file}: ${key} must be a whole number of 1 or more.`);
    return v;
  };
  const text = (key: string) => (typeof doc[key] === 'string' ? (doc[key] as string) : null);
  const specEvaluators = evaluators(doc, file);
  const repetitions = number('repetitions', 1);
  const passAtK = (() => {
    if (doc.pass_at_k === undefined) return undefined;
    try {
      const ks = parsePassAtK(Array.isArray(doc.pass_at_k) ? doc.pass_at_k.join(',') : String(doc.pass_at_k));
      checkPassAtK(ks, repetitions);
      return ks;
    } catch (error) {
      throw new Error(`${file}: pass_at_k: ${(error as Error).message}`);
    }
  })();
  const reportLang = doc.report_lang as ReportLang | undefined;
  if (reportLang !== undefined && !REPORT_LANGS.includes(reportLang)) throw new Error(`${file}: report_lang must be ${REPORT_LANGS.join(' or ')}, got ${JSON.stringify(reportLang)}.`);
  return prompts.flatMap((prompt) =>
    models.map((model) => ({
      name: prompts.length * models.length === 1 ? prefix : safeName(`${prefix}-${prompt.name}${prompt.label ? `@${prompt.label}` : prompt.version ? `-v${prompt.version}` : ''}-${model.model || 'default'}`),
      run_id: newRunId(),
      dataset: { ...dataset, dir: dataset.dir ?? (dataset.source !== 'server' ? path.join(base, 'datasets') : null) },
      prompt: { ...prompt, dir: path.join(base, 'targets') },
      model,
      judge: doc.judge === undefined ? null : providerSpec(doc.judge, defaults.provider, `${file}: judge`),
      evaluators: specEvaluators,
      concurrency: number('concurrency', 4),
      repetitions,
      ...(passAtK ? { pass_at_k: passAtK } : {}),
      limit: doc.limit === undefined ? null : number('limit', 1),
      trackers,
      ...(required.length ? { required_trackers: required } : {}),
      cache: { enabled: doc.cache !== false, dir: null },
      group_by: Array.isArray(doc.group_by) ? doc.group_by.map(String) : typeof doc.group_by === 'string' ? [doc.group_by] : ['dataset_split'],
      link: { retrieval_version: text('retrieval_version'), evaluation_profile: text('evaluation_profile') },
      baseline: text('baseline'),
      thresholds,
      out_dir: typeof doc.out === 'string' ? doc.out : 'results',
      ...(reportLang ? { report_lang: reportLang } : {}),
    })),
  );
}

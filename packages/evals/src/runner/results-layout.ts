/**
 * The results directory (SPEC §6, seed 004):
 *
 *   results/<experiment_name>/
 *     report.md  metrics.json  metrics.csv  items.jsonl  manifest.json
 *     analysis/analysis.json  analysis/analysis.md
 *     reports/report.html  reports/report.xlsx
 *     prompts/prompt_snapshot.json
 *     config/run_config.json  config/model_config.json  config/tracker_state.json
 *     dataset/test_cases.json  dataset/expected.json  dataset/dataset_snapshot.json
 *
 * Snapshots and configs are written before the first model call, so `--resume` can rebuild the run.
 * Trackers upload the directory in seed 004's artifact layout (artifactPath): the files SPEC §6 keeps
 * at the top go into metrics/, reports/ and analysis/; everything else keeps its path.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DatasetSnapshot, ModelConfig, PromptSnapshot } from '../experiment-types.js';
import { readJson, writeJson } from '../report/json-files.js';
import { MANIFEST_FILE, type ManifestEntry } from '../report/manifest.js';
import type { RunSpec } from './run-spec.js';

/** Paths of a results directory. */
export function resultsPaths(dir: string) {
  return {
    dir,
    report: path.join(dir, 'report.md'),
    metrics: path.join(dir, 'metrics.json'),
    metricsCsv: path.join(dir, 'metrics.csv'),
    items: path.join(dir, 'items.jsonl'),
    xlsx: path.join(dir, 'reports', 'report.xlsx'),
    reportHtml: path.join(dir, 'reports', 'report.html'),
    analysis: path.join(dir, 'analysis', 'analysis.json'),
    analysisMd: path.join(dir, 'analysis', 'analysis.md'),
    manifest: path.join(dir, MANIFEST_FILE),
    promptSnapshot: path.join(dir, 'prompts', 'prompt_snapshot.json'),
    runConfig: path.join(dir, 'config', 'run_config.json'),
    modelConfig: path.join(dir, 'config', 'model_config.json'),
    trackerState: path.join(dir, 'config', 'tracker_state.json'),
    testCases: path.join(dir, 'dataset', 'test_cases.json'),
    expected: path.join(dir, 'dataset', 'expected.json'),
    datasetSnapshot: path.join(dir, 'dataset', 'dataset_snapshot.json'),
  };
}

/** Files earlier versions wrote elsewhere (report.xlsx is now reports/report.xlsx); removed when a resumed run writes its results. */
export const LEGACY_RESULTS_FILES = ['report.xlsx'];

/** Seed 004's artifact folder of the results files SPEC §6 keeps at the top of the results directory. */
const ARTIFACT_FOLDERS = new Map([
  ['metrics.json', 'metrics'],
  ['metrics.csv', 'metrics'],
  ['report.md', 'reports'],
  ['items.jsonl', 'analysis'],
]);

/**
 * Where a results file (a manifest path, relative, `/`-separated) goes among a tracker's artifacts:
 * seed 004's layout (dataset/, metrics/, analysis/, reports/, prompts/, config/; manifest.json at the root).
 * The one mapping every tracker that uploads files uses.
 */
export function artifactPath(file: string): string {
  const folder = ARTIFACT_FOLDERS.get(file);
  return folder ? `${folder}/${file}` : file;
}

/** The files a tracker uploads for a finished run: each results file (and the manifest) with its artifact path. */
export function artifactUploads(dir: string, files: ManifestEntry[]): Array<{ file: string; localPath: string; artifactPath: string }> {
  return [...files.map((f) => f.path), MANIFEST_FILE].map((file) => ({ file, localPath: path.join(dir, ...file.split('/')), artifactPath: artifactPath(file) }));
}

/** What is written before the run starts. */
export interface RunSnapshots {
  spec: RunSpec;
  dataset: DatasetSnapshot;
  prompt: PromptSnapshot;
  model: ModelConfig & { judge: Omit<ModelConfig, 'parameters'> | null; prices: unknown };
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** Writes snapshots and configs. The dataset is also written in the local layout (test_cases.json + expected.json). */
export function writeSnapshots(dir: string, s: RunSnapshots): void {
  const p = resultsPaths(dir);
  writeJson(p.runConfig, s.spec);
  writeJson(p.modelConfig, s.model);
  writeJson(p.promptSnapshot, { ...s.prompt, snapshot_taken_at: new Date().toISOString() });
  writeJson(p.datasetSnapshot, s.dataset);
  writeJson(
    p.testCases,
    s.dataset.items.map((item) => {
      const { description, ...metadata } = item.metadata;
      return {
        id: item.id,
        ...(typeof description === 'string' ? { description } : {}),
        inputs: isRecord(item.input) ? item.input : { input: item.input },
        ...(Object.keys(metadata).length ? { metadata } : {}),
      };
    }),
  );
  writeJson(p.expected, Object.fromEntries(s.dataset.items.filter((i) => i.expected !== null && i.expected !== undefined).map((i) => [i.id, i.expected])));
}

/** What `--resume` reads back. */
export interface StoredRun {
  spec: RunSpec;
  dataset: DatasetSnapshot;
  prompt: PromptSnapshot;
}

/** Reads the snapshots of a results directory; a missing one is an error naming it. */
export function readSnapshots(dir: string): StoredRun {
  const p = resultsPaths(dir);
  if (!fs.existsSync(p.runConfig)) throw new Error(`${dir} is not a results directory of a run (no config/run_config.json).`);
  const prompt = readJson<PromptSnapshot & { snapshot_taken_at?: string }>(p.promptSnapshot);
  delete prompt.snapshot_taken_at;
  return { spec: readJson<RunSpec>(p.runConfig), dataset: readJson<DatasetSnapshot>(p.datasetSnapshot), prompt };
}

/** Tracker state kept between a run and its resume (e.g. the MLflow run id). */
export function readTrackerState(dir: string): Record<string, unknown> {
  const file = resultsPaths(dir).trackerState;
  return fs.existsSync(file) ? readJson<Record<string, unknown>>(file) : {};
}

/** Saves tracker state. */
export function writeTrackerState(dir: string, state: Record<string, unknown>): void {
  writeJson(resultsPaths(dir).trackerState, state);
}

/**
 * Loads a finished run to compare with or judge against: a results directory (a path, or a name under
 * the results root) or, when there is none, a run id on the Trace Hub server.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExperimentDetail } from '@tracehub/core';
import type { ComparableItem, ComparableRun } from '../compare/compare-runs.js';
import { experimentSubjects } from '../compare/run-differences.js';
import type { JsonGet } from '../sources/server-source.js';
import { readJson } from '../report/json-files.js';
import { readItemsLog } from './items-log.js';
import { readSnapshots, resultsPaths } from './results-layout.js';

/** A loaded run: its comparable items and outputs by key. */
export interface LoadedRun {
  run: ComparableRun;
  outputs: Map<string, string>;
  /** Where it came from: the results directory, or `server`. */
  source: string;
}

/** The results directory `ref` names (a path holding config/run_config.json, or `<resultsRoot>/<ref>`), or null. */
export function findResultsDir(ref: string, cwd: string, resultsRoot: string): string | null {
  for (const candidate of [path.resolve(cwd, ref), path.resolve(cwd, resultsRoot, ref)]) {
    if (fs.existsSync(resultsPaths(candidate).runConfig)) return candidate;
  }
  return null;
}

type StoredItem = Pick<ComparableItem, 'key' | 'item_id' | 'repetition' | 'status' | 'passed' | 'score' | 'scores' | 'trace_id'> & { output: string | null };

/** An item as the comparison needs it. */
const comparableItem = (i: StoredItem): ComparableItem => ({
  key: i.key, item_id: i.item_id, repetition: i.repetition, status: i.status, passed: i.passed, score: i.score, scores: i.scores, trace_id: i.trace_id,
});

const outputsOf = (items: StoredItem[]) => new Map(items.filter((i) => i.output !== null).map((i) => [i.key, i.output as string]));

/** Loads a run from a results directory, with the dataset and prompt snapshots it evaluated. */
function loadLocalRun(dir: string): LoadedRun {
  const { spec, dataset, prompt } = readSnapshots(dir);
  const paths = resultsPaths(dir);
  const records = [...readItemsLog(paths.items).values()];
  const model = fs.existsSync(paths.modelConfig) ? readJson<{ model?: string }>(paths.modelConfig).model : spec.model.model;
  return {
    run: {
      run_id: spec.run_id, name: spec.name, items: records.map(comparableItem),
      dataset: { name: dataset.name, version: dataset.version, sha256: dataset.sha256 },
      prompt: { name: prompt.name, version: prompt.version, sha256: prompt.content_hash },
      model: model || null,
    },
    outputs: outputsOf(records),
    source: dir,
  };
}

/** Loads a run stored on the server. */
async function loadServerRun(get: JsonGet, runId: string): Promise<LoadedRun> {
  const { experiment: e, items } = await get<ExperimentDetail>(`/experiments/${encodeURIComponent(runId)}`);
  return { run: { run_id: e.run_id, name: e.name, items: items.map(comparableItem), ...experimentSubjects(e), model: e.model_name }, outputs: outputsOf(items), source: 'server' };
}

/** Loads `ref` locally when a results directory matches, else from the server (when `get` is given). */
export async function loadRun(ref: string, options: { cwd: string; resultsRoot: string; get?: JsonGet }): Promise<LoadedRun> {
  const dir = findResultsDir(ref, options.cwd, options.resultsRoot);
  if (dir) return loadLocalRun(dir);
  if (!options.get) throw new Error(`No results directory "${ref}" under ${options.resultsRoot}/ (and no server to ask).`);
  try {
    return await loadServerRun(options.get, ref);
  } catch (error) {
    if ((error as { status?: number }).status === 404) throw new Error(`No run "${ref}": not a results directory under ${options.resultsRoot}/ and not a run id on the server.`);
    throw error;
  }
}

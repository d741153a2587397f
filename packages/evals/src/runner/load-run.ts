/**
 * Loads a finished run to compare with or judge against: a results directory (a path, or a name under
 * the results root) or, when there is none, a run id on the Trace Hub server.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ExperimentDetail } from '@tracehub/core';
import type { ComparableRun } from '../compare/compare-runs.js';
import type { JsonGet } from '../sources/server-source.js';
import { readItemsLog } from './items-log.js';
import { resultsPaths } from './results-layout.js';
import type { RunSpec } from './run-spec.js';

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

/** Loads a run from a results directory. */
function loadLocalRun(dir: string): LoadedRun {
  const spec = JSON.parse(fs.readFileSync(resultsPaths(dir).runConfig, 'utf8')) as RunSpec;
  const records = [...readItemsLog(resultsPaths(dir).items).values()];
  return {
    run: { run_id: spec.run_id, name: spec.name, items: records.map((r) => ({ key: r.key, item_id: r.item_id, repetition: r.repetition, passed: r.passed, score: r.score, scores: r.scores, trace_id: r.trace_id })) },
    outputs: new Map(records.filter((r) => r.output !== null).map((r) => [r.key, r.output as string])),
    source: dir,
  };
}

/** Loads a run stored on the server. */
async function loadServerRun(get: JsonGet, runId: string): Promise<LoadedRun> {
  const detail = await get<ExperimentDetail>(`/experiments/${encodeURIComponent(runId)}`);
  return {
    run: { run_id: detail.experiment.run_id, name: detail.experiment.name, items: detail.items.map((i) => ({ key: i.key, item_id: i.item_id, repetition: i.repetition, passed: i.passed, score: i.score, scores: i.scores, trace_id: i.trace_id })) },
    outputs: new Map(detail.items.filter((i) => i.output !== null).map((i) => [i.key, i.output as string])),
    source: 'server',
  };
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

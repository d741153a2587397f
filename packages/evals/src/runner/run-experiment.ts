/**
 * The experiment runner used by the CLI (and any service): checks every tracker, writes the
 * snapshots, runs items with bounded concurrency (p-limit), appends each finished item to
 * items.jsonl and the trackers, then writes metrics, reports and the manifest and closes the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { PriceTable } from '@tracehub/core';
import type { DatasetSnapshot, ItemRecord, ModelConfig, PromptSnapshot, RunProgress } from '../experiment-types.js';
import type { ModelProvider } from '../model/model-provider.js';
import type { Evaluator } from '../evaluators/evaluator.js';
import type { Tracker } from '../trackers/tracker.js';
import { computeMetrics, countErrored, isErrored, type MetricsJson } from '../report/metrics.js';
import { renderReportMarkdown } from '../report/report-markdown.js';
import { renderMetricsCsv } from '../report/metrics-csv.js';
import { writeReportXlsx } from '../report/report-xlsx.js';
import { renderReportHtml } from '../report/report-html.js';
import { buildAnalysis, renderAnalysisMarkdown } from '../report/analysis.js';
import { buildManifest, type Manifest } from '../report/manifest.js';
import { writeFileAtomic, writeJson } from '../report/json-files.js';
import { openItemsLog } from './items-log.js';
import { repetitionMetrics } from './repetition-metrics.js';
import { runItem, type WorkItem } from './run-item.js';
import { evaluatedSources, type RunDescription } from './run-description.js';
import type { RunSpec } from './run-spec.js';
import { LEGACY_RESULTS_FILES, readTrackerState, resultsPaths, writeSnapshots, writeTrackerState } from './results-layout.js';

/** Everything a run needs, resolved. */
export interface PreparedRun {
  spec: RunSpec;
  /** results/<name>/ */
  dir: string;
  /** `--overwrite`: `dir` holds an earlier run, removed once the tracker checks pass (never before a check could fail). */
  replace?: boolean;
  dataset: DatasetSnapshot;
  prompt: PromptSnapshot;
  model: ModelConfig;
  /** Written to config/model_config.json (model, judge, prices used). */
  modelConfigFile: ModelConfig & { judge: Omit<ModelConfig, 'parameters'> | null; prices: unknown };
  provider: ModelProvider;
  evaluators: Evaluator[];
  trackers: Tracker[];
  prices: PriceTable;
  description: RunDescription;
  /** Items finished by an earlier attempt of this run (`--resume`), by key. */
  previous: Map<string, ItemRecord> | null;
  /** With `previous`: run errored items again too. */
  retryErrors: boolean;
  /** Baseline outputs by item key, for pairwise judging. */
  baselineOutputs: Map<string, string>;
  onProgress?: (progress: RunProgress) => void;
  /** Aborting stops starting new items; running ones finish and the run is `interrupted`. */
  signal?: AbortSignal;
}

/** What a run produced. */
export interface RunResult {
  status: 'completed' | 'interrupted';
  dir: string;
  records: ItemRecord[];
  metrics: MetricsJson;
  manifest: Manifest;
  /** Model calls made by this process (items run, not skipped). */
  itemsRun: number;
  /** Problems trackers had after the start (the run itself completed). */
  trackerErrors: string[];
}

/** The item key: the item id, with `#<repetition>` when the run repeats items. */
const itemKey = (id: string, repetition: number, repetitions: number) => (repetitions > 1 ? `${id}#${repetition}` : id);

/** Checks every tracker; throws one error naming each that failed, before anything else happens. */
async function checkTrackers(trackers: Tracker[]): Promise<void> {
  const problems: string[] = [];
  for (const tracker of trackers) {
    try {
      await tracker.check();
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length) throw new Error(`Tracker check failed, no model was called: ${problems.map((p) => p.replace(/\.$/, '')).join('; ')}.`);
}

/** Runs the experiment. Throws only for tracker checks and file system failures. */
export async function runExperiment(run: PreparedRun): Promise<RunResult> {
  await checkTrackers(run.trackers);
  if (run.replace) fs.rmSync(run.dir, { recursive: true, force: true });
  const paths = resultsPaths(run.dir);
  fs.mkdirSync(run.dir, { recursive: true });
  if (!run.previous) writeSnapshots(run.dir, { spec: run.spec, dataset: run.dataset, prompt: run.prompt, model: run.modelConfigFile });

  const trackerErrors: string[] = [];
  const trackerState = readTrackerState(run.dir);
  for (const tracker of run.trackers) {
    const state = await tracker.startRun(run.description, trackerState[tracker.name] as Record<string, unknown> | undefined);
    if (state) trackerState[tracker.name] = state;
  }
  if (Object.keys(trackerState).length) writeTrackerState(run.dir, trackerState);

  const repetitions = run.spec.repetitions;
  const work: WorkItem[] = run.dataset.items.flatMap((item) =>
    Array.from({ length: repetitions }, (_, i) => ({ item, repetition: i + 1, key: itemKey(item.id, i + 1, repetitions) })),
  );
  const records = new Map<string, ItemRecord>(run.previous ?? []);
  const todo = work.filter((w) => {
    const before = run.previous?.get(w.key);
    return !before || (run.retryErrors && isErrored(before));
  });
  const todoKeys = new Set(todo.map((w) => w.key));
  const kept = work.filter((w) => records.has(w.key) && !todoKeys.has(w.key)).map((w) => records.get(w.key)!);
  const progress: RunProgress = {
    total: work.length, done: kept.length, passed: kept.filter((r) => r.passed).length, failed: kept.filter((r) => !r.passed).length,
    errors: countErrored(kept), skipped: kept.length, cost: kept.reduce((s, r) => s + (r.cost ?? 0) + (r.eval_cost ?? 0), 0),
    startedAt: Date.now(),
  };
  run.onProgress?.({ ...progress });

  const context = {
    runId: run.description.runId, experimentName: run.description.name, datasetName: run.dataset.name, datasetVersion: run.dataset.version,
    prompt: run.prompt, model: run.model, provider: run.provider, evaluators: run.evaluators, prices: run.prices, baselineOutputs: run.baselineOutputs,
    lang: run.spec.report_lang ?? 'en',
  };
  const log = openItemsLog(paths.items);
  const limit = pLimit(Math.max(1, run.spec.concurrency));
  let itemsRun = 0;
  try {
    await Promise.all(
      todo.map((w) =>
        limit(async () => {
          // After an abort, queued items return at once (p-limit's clearQueue would leave them unsettled).
          if (run.signal?.aborted) return;
          itemsRun++;
          const { record, trace } = await runItem(context, w);
          for (const tracker of run.trackers) {
            try {
              await tracker.logItem(record, trace);
            } catch (error) {
              if (trackerErrors.length < 20) trackerErrors.push(`${tracker.name}: ${(error as Error).message}`);
            }
          }
          await log.append(record);
          records.set(w.key, record);
          progress.done++;
          if (record.passed) progress.passed++;
          else progress.failed++;
          if (isErrored(record)) progress.errors++;
          progress.cost += (record.cost ?? 0) + (record.eval_cost ?? 0);
          run.onProgress?.({ ...progress });
        }),
      ),
    );
  } finally {
    await log.close();
  }

  const status = run.signal?.aborted ? 'interrupted' : 'completed';
  const finalRecords = work.map((w) => records.get(w.key)).filter((r): r is ItemRecord => !!r);
  const description: RunDescription = { ...run.description, finishedAt: new Date().toISOString() };
  const axes = run.evaluators.map((e) => e.name);
  const metrics: MetricsJson = {
    ...computeMetrics({ runId: description.runId, name: description.name, axes, records: finalRecords, groupBy: run.spec.group_by }),
    ...repetitionMetrics(finalRecords, axes, run.spec),
  };
  writeFileAtomic(paths.items, finalRecords.map((r) => `${JSON.stringify(r)}\n`).join(''));
  writeJson(paths.metrics, metrics);
  writeFileAtomic(paths.metricsCsv, renderMetricsCsv(metrics));
  const report = renderReportMarkdown(description, metrics, finalRecords, run.spec.report_lang);
  writeFileAtomic(paths.report, report);
  writeFileAtomic(paths.reportHtml, renderReportHtml(report, { title: description.name, lang: run.spec.report_lang ?? 'en' }));
  await writeReportXlsx(paths.xlsx, description, metrics, finalRecords, run.spec.report_lang);
  const analysis = buildAnalysis(description, metrics, finalRecords);
  writeJson(paths.analysis, analysis);
  writeFileAtomic(paths.analysisMd, renderAnalysisMarkdown(description, analysis, finalRecords, run.spec.report_lang));
  for (const legacy of LEGACY_RESULTS_FILES) fs.rmSync(path.join(run.dir, legacy), { force: true });
  const manifest = buildManifest(run.dir, description.runId, description.name, { status, counts: metrics.counts, ...evaluatedSources(description) });
  writeJson(paths.manifest, manifest);

  for (const tracker of run.trackers) {
    try {
      await tracker.finishRun({ description, status, metrics, records: finalRecords, dir: run.dir, files: manifest.files });
    } catch (error) {
      trackerErrors.push(`${tracker.name}: ${(error as Error).message}`);
    }
  }
  return { status, dir: run.dir, records: finalRecords, metrics, manifest, itemsRun, trackerErrors };
}

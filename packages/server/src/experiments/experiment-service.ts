/** Experiments: store a run's summary and items, list and read runs, compare two runs or several. */
import { experimentSubjects, matrixUnusable, type ComparableRun } from '@tracehub/evals/compare';
import type {
  CreateExperimentBody,
  ComparisonMatrix,
  CreateExperimentResult,
  ExperimentCompareQuery,
  ExperimentComparison,
  ExperimentDetail,
  ExperimentItemView,
  ExperimentListQuery,
  ExperimentListResponse,
  ExperimentMatrixQuery,
} from '@tracehub/core';
import type { ExperimentStore, ExperimentSummaryRow } from '../storage/experiment-store.js';
import { InvalidError, NotFoundError } from '../domain-errors.js';
import { experimentItemView, experimentView, itemRows, runRow } from './experiment-views.js';
import { createCompareRunner, type CompareRunner } from './compare-runner.js';
import { linkedSummary, resultsFromTraces, withTraceResults, type LinkedTraceReader } from './linked-traces.js';

/**
 * Creates the service over the experiment store; `now` is in microseconds; `runner` bounds comparisons;
 * `traces` gives the items of runs marked `results_from_traces` their traces' results (linked-traces.ts).
 */
export function createExperimentService(
  store: ExperimentStore,
  now: () => number,
  runner: CompareRunner = createCompareRunner(),
  traces?: LinkedTraceReader,
) {
  /** The run's items as the API shows them, with their traces' results when the run takes them from there. */
  async function runItems(run: ExperimentSummaryRow): Promise<ExperimentItemView[]> {
    const items = (await store.items(run.project_id, run.run_id)).map(experimentItemView);
    const config = JSON.parse(run.config) as Record<string, unknown>;
    return traces && resultsFromTraces(config) ? withTraceResults(traces, run.project_id, items) : items;
  }

  async function loadItems(projectId: string, runId: string, which: string): Promise<ComparableRun> {
    const run = await store.get(projectId, runId);
    if (!run) throw new NotFoundError(`Experiment run "${runId}" (${which}) does not exist in this project.`);
    return { run_id: run.run_id, name: run.name, items: await runItems(run), ...experimentSubjects(run), model: run.model_name };
  }

  return {
    /** Creates or updates a run and adds or replaces its items by key. */
    async upsert(projectId: string, body: CreateExperimentBody): Promise<CreateExperimentResult> {
      const at = now();
      const { created } = await store.upsert(runRow(projectId, body.run, at), itemRows(projectId, body.run.run_id, body.items, at));
      const stored = await store.get(projectId, body.run.run_id);
      return { created, experiment: experimentView(stored!), items_written: body.items.length };
    },
    /** Runs, newest first. */
    async list(projectId: string, query: ExperimentListQuery): Promise<ExperimentListResponse> {
      const { rows, total } = await store.list(projectId, {
        name: query.name, dataset_name: query.dataset_name, prompt_name: query.prompt_name, model_name: query.model_name, status: query.status,
        limit: query.page_size, offset: (query.page - 1) * query.page_size,
      });
      return { items: rows.map(experimentView), page: query.page, page_size: query.page_size, total };
    },
    /** A run with its items and per-item scores (a run that takes its results from traces: with its summary from them). */
    async get(projectId: string, runId: string): Promise<ExperimentDetail> {
      const run = await store.get(projectId, runId);
      if (!run) throw new NotFoundError(`Experiment run "${runId}" does not exist in this project.`);
      const items = await runItems(run);
      const experiment = experimentView(run);
      if (traces && resultsFromTraces(experiment.config)) experiment.summary = { ...experiment.summary, ...linkedSummary(items) };
      return { experiment, items };
    },
    /** Deletes a run with its items. */
    async remove(projectId: string, runId: string): Promise<void> {
      if (!(await store.remove(projectId, runId))) throw new NotFoundError(`Experiment run "${runId}" does not exist in this project.`);
    },
    /**
     * B (candidate) against A (baseline): bootstrap intervals, McNemar, regressions and improvements.
     * Large comparisons run in a worker thread; too large ones are 413 (see compare-runner.ts).
     */
    async compare(projectId: string, query: ExperimentCompareQuery): Promise<ExperimentComparison> {
      const [a, b] = await Promise.all([loadItems(projectId, query.a, 'a'), loadItems(projectId, query.b, 'b')]);
      return runner.compare(a, b, { resamples: query.resamples, seed: query.seed, alpha: query.alpha });
    },
    /**
     * Several runs against a baseline (default the first): the prompts × models matrix over what all
     * share, each run tested against the baseline, pass@k and flakiness per prompt × model.
     */
    async matrix(projectId: string, query: ExperimentMatrixQuery): Promise<ComparisonMatrix> {
      const baseline = query.baseline === undefined ? 0 : query.runs.indexOf(query.baseline);
      if (baseline < 0) {
        throw new InvalidError(`The baseline "${query.baseline}" is none of the runs (${query.runs.join(', ')}).`, { issues: [{ path: 'baseline', message: 'must be one of runs' }] });
      }
      const runs = await Promise.all(query.runs.map((runId, i) => loadItems(projectId, runId, `run ${i + 1}`)));
      const unusable = matrixUnusable(runs);
      if (unusable) throw new InvalidError(`${unusable}.`, { code: 'nothing_to_compare' });
      return runner.matrix(runs, baseline, { resamples: query.resamples, seed: query.seed, alpha: query.alpha, passAtK: query.pass_at_k });
    },
  };
}

/** The experiment service. */
export type ExperimentService = ReturnType<typeof createExperimentService>;

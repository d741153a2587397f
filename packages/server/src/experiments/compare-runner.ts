/**
 * Runs experiment comparisons without stalling the server. The paired bootstrap costs paired items
 * × resamples × metrics random draws (≈ 13 ns each): small comparisons run inline, larger ones in a
 * worker thread (one at a time, a few waiting, the rest 503) with a memory limit and a time budget,
 * and comparisons above MAX_COMPARE_DRAWS are refused with 413 naming the resamples that would fit.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compareMatrix, compareRuns, comparisonDraws, type ComparableRun, type CompareOptions, type MatrixOptions } from '@tracehub/evals/compare';
import type { ComparisonMatrix, ExperimentComparison } from '@tracehub/core';
import { TooLargeError, UnavailableError } from '../domain-errors.js';
import { createWorkGate } from '../work-gate.js';

/** Comparisons up to this many draws (≈ 25 ms) run on the event loop. */
export const COMPARE_INLINE_DRAWS = 2_000_000;
/** Most draws one comparison may take (≈ 4 s in a worker thread). */
export const MAX_COMPARE_DRAWS = 300_000_000;
/** A comparison worker still running after this long is stopped and answered 503. */
export const COMPARE_TIMEOUT_MS = 30_000;
/** Heap limit of a comparison worker. */
const WORKER_HEAP_MB = 512;

// Under the test runner this module runs from src/ as TypeScript; the worker always runs the built file.
const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER_FILE = path.join(here.replace(`${path.sep}src${path.sep}`, `${path.sep}dist${path.sep}`), 'compare-worker-thread.js');

/** Settings of a compare runner (defaults: the constants above). */
export interface CompareRunnerOptions {
  inlineDraws?: number;
  maxDraws?: number;
  timeoutMs?: number;
}

/** What a worker computes: two runs (compareRuns) or a matrix of several (compareMatrix). */
export type CompareWork =
  | { kind: 'pair'; a: ComparableRun; b: ComparableRun; options: CompareOptions }
  | { kind: 'matrix'; runs: ComparableRun[]; baseline: number; options: MatrixOptions };

function runInWorker<T>(work: CompareWork, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_FILE, { workerData: work, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new UnavailableError(`The comparison took longer than ${timeoutMs / 1000} s and was stopped; ask for fewer resamples.`, { code: 'compare_timeout' })));
      void worker.terminate();
    }, timeoutMs);
    worker.once('message', (result: T) => settle(() => resolve(result)));
    worker.once('error', (error) => settle(() => reject(error)));
    worker.once('exit', (code) => settle(() => reject(new Error(`the comparison worker exited with code ${code}`))));
  });
}

/** Creates the runner; `compare` / `matrix` answer like compareRuns / compareMatrix or throw TooLargeError / UnavailableError (BusyError). */
export function createCompareRunner(settings: CompareRunnerOptions = {}) {
  const inlineDraws = settings.inlineDraws ?? COMPARE_INLINE_DRAWS;
  const maxDraws = settings.maxDraws ?? MAX_COMPARE_DRAWS;
  const timeoutMs = settings.timeoutMs ?? COMPARE_TIMEOUT_MS;
  const gate = createWorkGate({ concurrency: 1, maxWaiting: 4, busyMessage: 'Several large comparisons are already running; try again in a few seconds.' });

  /** Refuses more than `maxDraws` bootstrap draws with 413, naming the resamples that would fit. */
  function checkDraws(draws: number, resamples: number): void {
    if (draws <= maxDraws) return;
    const fits = Math.floor(maxDraws / (draws / resamples));
    const advice = fits >= 100 ? `ask for at most ${fits} resamples` : 'compare smaller runs';
    throw new TooLargeError(
      `This comparison needs ${draws.toLocaleString('en-US')} bootstrap draws (paired items × resamples × metrics), more than the limit of ${maxDraws.toLocaleString('en-US')}; ${advice}.`,
      { code: 'compare_too_large' },
    );
  }

  return {
    async compare(a: ComparableRun, b: ComparableRun, options: Required<CompareOptions>): Promise<ExperimentComparison> {
      const draws = comparisonDraws(a, b, options.resamples);
      checkDraws(draws, options.resamples);
      if (draws <= inlineDraws) return compareRuns(a, b, options);
      return gate.run(() => runInWorker<ExperimentComparison>({ kind: 'pair', a, b, options }, timeoutMs));
    },
    /** Several runs against `runs[baseline]` (compareMatrix); bounded like `compare` by the draws of all its comparisons. */
    async matrix(runs: ComparableRun[], baseline: number, options: Required<CompareOptions> & MatrixOptions): Promise<ComparisonMatrix> {
      const draws = runs.reduce((sum, run, i) => (i === baseline ? sum : sum + comparisonDraws(runs[baseline], run, options.resamples)), 0);
      checkDraws(draws, options.resamples);
      if (draws <= inlineDraws) return compareMatrix(runs, baseline, options);
      return gate.run(() => runInWorker<ComparisonMatrix>({ kind: 'matrix', runs, baseline, options }, timeoutMs));
    },
  };
}

/** The compare runner. */
export type CompareRunner = ReturnType<typeof createCompareRunner>;

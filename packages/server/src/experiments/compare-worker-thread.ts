/** Worker thread of compare-runner.ts: compares the runs it was started with (two, or a matrix of several), posts the answer and ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { compareMatrix, compareRuns } from '@tracehub/evals/compare';
import type { CompareWork } from './compare-runner.js';

const work = workerData as CompareWork;
parentPort?.postMessage(work.kind === 'matrix' ? compareMatrix(work.runs, work.baseline, work.options) : compareRuns(work.a, work.b, work.options));

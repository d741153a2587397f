/** Worker thread of compare-runner.ts: compares the two runs it was started with, posts the answer and ends. */
import { parentPort, workerData } from 'node:worker_threads';
import { compareRuns, type ComparableRun, type CompareOptions } from '@tracehub/evals/compare';

const { a, b, options } = workerData as { a: ComparableRun; b: ComparableRun; options: CompareOptions };
parentPort?.postMessage(compareRuns(a, b, options));

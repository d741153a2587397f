/** `@tracehub/evals/compare`: run comparison without the runner's dependencies (used by the server). */
export * from './compare-runs.js';
export * from './item-outcome.js';
export * from './mcnemar.js';
export * from './paired-bootstrap.js';
export * from './run-differences.js';
export * from './run-gate.js';
export * from './repetition-stats.js';
export * from './compare-matrix.js';

/**
 * Checks made before the first model call, each a one-line error: `--threshold` names no evaluator
 * of the run produces, prompt variables the dataset items do not provide, and expectations
 * (expected.json entries) for item ids the dataset does not have.
 */
import type { DatasetItem, PromptSnapshot } from '../experiment-types.js';
import { renderMessages } from './run-item.js';

/** What the checks look at (a PreparedRun has all of it). */
export interface PreflightInput {
  spec: { thresholds: Record<string, number> };
  dataset: { items: DatasetItem[] };
  prompt: PromptSnapshot;
  evaluators: Array<{ name: string }>;
}

const NAMED = 5;
const some = (list: string[]) => `${list.slice(0, NAMED).join(', ')}${list.length > NAMED ? ', …' : ''}`;
const quoted = (list: string[]) => list.map((x) => `"${x}"`).join(', ');

/** Threshold names besides the evaluators': the overall score and the pass rate. */
const RUN_METRICS = ['score', 'pass_rate'];

/** `--threshold` names that no evaluator of the run produces. */
export function checkThresholdNames(thresholds: Record<string, number>, evaluators: string[]): void {
  const known = [...RUN_METRICS, ...evaluators];
  const unknown = Object.keys(thresholds).filter((name) => !known.includes(name));
  if (unknown.length) {
    throw new Error(`--threshold names ${quoted(unknown)}, which no evaluator of this run produces (known: ${known.join(', ')}); no model was called.`);
  }
}

/** Prompt variables that some dataset items do not provide (rendered the way the run renders them). */
export function checkTemplateVariables(prompt: PromptSnapshot, items: DatasetItem[]): void {
  const missing = new Map<string, string[]>();
  for (const item of items) {
    const rendered = renderMessages(prompt, item.input);
    if (rendered.ok) continue;
    for (const name of rendered.missing) missing.set(name, [...(missing.get(name) ?? []), item.id]);
  }
  if (!missing.size) return;
  const parts = [...missing].map(([name, ids]) => `"${name}" (${ids.length} of ${items.length} items: ${some(ids)})`);
  throw new Error(`The prompt ${prompt.name}:${prompt.version} uses variable${missing.size > 1 ? 's' : ''} the dataset items do not provide: ${parts.join('; ')}; no model was called.`);
}

/** Expectations for item ids the dataset does not have (`file`: where they were read). */
export function checkExpectedIds(expectedIds: string[], itemIds: Set<string>, file: string): void {
  const unknown = expectedIds.filter((id) => !itemIds.has(id));
  if (unknown.length) {
    throw new Error(`${file}: expectations for ${unknown.length} id${unknown.length > 1 ? 's' : ''} the dataset does not have (${some(unknown)}); remove them or add the cases.`);
  }
}

/** Runs the checks on a prepared run; throws the first problem. */
export function preflight(run: PreflightInput): void {
  checkThresholdNames(run.spec.thresholds, run.evaluators.map((e) => e.name));
  checkTemplateVariables(run.prompt, run.dataset.items);
}

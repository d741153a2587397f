/**
 * `custom`: an evaluator from the user's own module, loaded with a dynamic import. The module's default
 * export (or its `evaluate` export) is either a function `(context) => result` or an object
 * `{name?, evaluate(context)}`. A result is a number (the score), a boolean (pass/fail), or
 * `{score, passed?, reasoning?, passed_items?, failed_items?, suggestions?}`. Plain JavaScript
 * (.js/.mjs) always works; .ts needs a Node that can import TypeScript (22.6+ with type stripping, or tsx).
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EvaluationContext, Evaluator, EvaluatorResult } from './evaluator.js';
import { evaluatorBase, stringOption, type EvaluatorSpec } from './evaluator-spec.js';

type UserFunction = (context: EvaluationContext) => unknown;

function toResult(value: unknown, name: string): EvaluatorResult {
  if (typeof value === 'number') return { score: value };
  if (typeof value === 'boolean') return { score: value ? 1 : 0, passed: value };
  if (value && typeof value === 'object') {
    const r = value as Record<string, unknown>;
    const score = r.score === null || r.score === undefined ? null : Number(r.score);
    if (score !== null && !Number.isFinite(score)) throw new Error(`custom evaluator ${name} answered a score that is not a number`);
    const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
    return {
      score: score === null ? null : Math.max(0, Math.min(1, score)),
      passed: typeof r.passed === 'boolean' ? r.passed : undefined,
      status: r.status === 'error' || r.status === 'skipped' ? r.status : undefined,
      comment: {
        passed_items: list(r.passed_items),
        failed_items: list(r.failed_items),
        reasoning: typeof r.reasoning === 'string' ? r.reasoning : '',
        suggestions: list(r.suggestions),
      },
    };
  }
  throw new Error(`custom evaluator ${name} must answer a number, a boolean or {score, …}`);
}

/** Loads the module named by `module` (relative to `cwd`) and creates the evaluator. Default threshold 0.5. */
export async function createCustomEvaluator(spec: EvaluatorSpec, cwd: string): Promise<Evaluator> {
  const modulePath = stringOption(spec, 'module');
  if (!modulePath) throw new Error('a custom evaluator needs module: the path of a JS module (custom:./my-evaluator.mjs).');
  const absolute = path.resolve(cwd, modulePath);
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`cannot load custom evaluator ${modulePath}: ${(error as Error).message.split('\n')[0]}`);
  }
  const exported = loaded.default ?? loaded.evaluate ?? loaded.evaluator;
  let fn: UserFunction;
  let exportedName: string | undefined;
  if (typeof exported === 'function') fn = exported as UserFunction;
  else if (exported && typeof exported === 'object' && typeof (exported as { evaluate?: unknown }).evaluate === 'function') {
    const object = exported as { name?: string; evaluate: UserFunction };
    fn = (ctx) => object.evaluate(ctx);
    exportedName = typeof object.name === 'string' ? object.name : undefined;
  } else {
    throw new Error(`custom evaluator ${modulePath} must export a function or {evaluate} as default (or export evaluate).`);
  }
  const base = evaluatorBase({ ...spec, name: spec.name ?? exportedName ?? path.basename(modulePath).replace(/\.[^.]+$/, '') }, 0.5);
  return {
    ...base,
    type: 'custom',
    async evaluate(context) {
      return toResult(await fn(context), base.name);
    },
  };
}

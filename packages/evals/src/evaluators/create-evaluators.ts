/** Builds evaluators from specs, and parses the CLI's `--evaluators` list. */
import type { Evaluator } from './evaluator.js';
import type { EvaluatorSpec } from './evaluator-spec.js';
import { createKeywordsEvaluator } from './keywords-evaluator.js';
import { createForbiddenEvaluator } from './forbidden-evaluator.js';
import { createReferenceEvaluator } from './reference-evaluator.js';
import { createRegexEvaluator } from './regex-evaluator.js';
import { createJsonSchemaEvaluator } from './json-schema-evaluator.js';
import { createSimilarityEvaluator, type SimilarityDeps } from './similarity-evaluator.js';
import { createLlmJudgeEvaluator, type JudgeDeps } from './llm-judge-evaluator.js';
import { createCostEvaluator, createLatencyEvaluator } from './budget-evaluators.js';
import { createCustomEvaluator } from './custom-evaluator.js';

/** Every built-in evaluator type. */
export const EVALUATOR_TYPES = ['keywords', 'forbidden', 'reference', 'regex', 'json_schema', 'similarity', 'llm_judge', 'latency', 'cost', 'custom'] as const;

/** What evaluator factories may need. */
export interface EvaluatorDeps extends SimilarityDeps, JudgeDeps {
  /** Directory custom module paths are relative to. */
  cwd: string;
}

/**
 * Parses `keywords,forbidden=0.8,llm_judge,custom:./tone.mjs`: a type, an optional `=threshold`,
 * `custom:<module>` for a user module.
 */
export function parseEvaluatorList(text: string): EvaluatorSpec[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      if (part.startsWith('custom:')) return { type: 'custom', module: part.slice('custom:'.length) };
      const [type, threshold] = part.split('=');
      if (!(EVALUATOR_TYPES as readonly string[]).includes(type)) {
        throw new Error(`Unknown evaluator "${type}"; use ${EVALUATOR_TYPES.filter((t) => t !== 'custom').join(', ')} or custom:<module>.`);
      }
      if (threshold === undefined) return { type };
      const value = Number(threshold);
      if (!Number.isFinite(value) || value < 0 || value > 1) throw new Error(`The threshold of ${type} must be between 0 and 1, got "${threshold}".`);
      return { type, threshold: value };
    });
}

/** Creates the evaluators; names must be unique (give `name:` to use a type twice). */
export async function createEvaluators(specs: EvaluatorSpec[], deps: EvaluatorDeps): Promise<Evaluator[]> {
  const evaluators: Evaluator[] = [];
  for (const spec of specs) {
    let evaluator: Evaluator;
    switch (spec.type) {
      case 'keywords': evaluator = createKeywordsEvaluator(spec); break;
      case 'forbidden': evaluator = createForbiddenEvaluator(spec); break;
      case 'reference': evaluator = createReferenceEvaluator(spec); break;
      case 'regex': evaluator = createRegexEvaluator(spec); break;
      case 'json_schema': evaluator = createJsonSchemaEvaluator(spec); break;
      case 'similarity': evaluator = createSimilarityEvaluator(spec, deps); break;
      case 'llm_judge': evaluator = createLlmJudgeEvaluator(spec, deps); break;
      case 'latency': evaluator = createLatencyEvaluator(spec); break;
      case 'cost': evaluator = createCostEvaluator(spec); break;
      case 'custom': evaluator = await createCustomEvaluator(spec, deps.cwd); break;
      default:
        throw new Error(`Unknown evaluator type "${spec.type}"; use one of ${EVALUATOR_TYPES.join(', ')}.`);
    }
    if (evaluators.some((e) => e.name === evaluator.name)) throw new Error(`Two evaluators are named "${evaluator.name}"; give one a different name.`);
    if (!/^[A-Za-z0-9_.:-]{1,128}$/.test(evaluator.name)) throw new Error(`Evaluator name "${evaluator.name}" must be 1–128 letters, digits, "_", "-", "." or ":".`);
    evaluators.push(evaluator);
  }
  return evaluators;
}

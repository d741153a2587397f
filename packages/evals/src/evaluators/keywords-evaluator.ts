/** `keywords`: the share of the item's expected keywords found in the output (default threshold 1: all of them). */
import { containsText } from './text-match.js';
import type { Evaluator } from './evaluator.js';
import { evaluatorBase, type EvaluatorSpec } from './evaluator-spec.js';

/** Creates the evaluator. Options: `case_sensitive` (default false). */
export function createKeywordsEvaluator(spec: EvaluatorSpec): Evaluator {
  const base = evaluatorBase(spec, 1);
  const caseSensitive = spec.case_sensitive === true;
  return {
    ...base,
    type: 'keywords',
    async evaluate({ output, expected }) {
      if (expected.keywords.length === 0) return { score: null, comment: { reasoning: 'The item lists no keywords.' } };
      const found = expected.keywords.filter((k) => containsText(output, k, caseSensitive));
      const missing = expected.keywords.filter((k) => !found.includes(k));
      return {
        score: found.length / expected.keywords.length,
        comment: {
          passed_items: found,
          failed_items: missing,
          reasoning: `${found.length} of ${expected.keywords.length} expected keywords appear in the output${missing.length ? `; missing: ${missing.join(', ')}` : ''}.`,
          suggestions: missing.length ? [`Make the prompt ask for ${missing.map((m) => `"${m}"`).join(', ')} (or a reason to mention them).`] : [],
        },
      };
    },
  };
}

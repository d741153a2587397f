/** `forbidden`: passes when none of the item's forbidden phrases appear; score = share of phrases absent. */
import { containsText } from './text-match.js';
import type { Evaluator } from './evaluator.js';
import { evaluatorBase, type EvaluatorSpec } from './evaluator-spec.js';

/** Creates the evaluator. Options: `case_sensitive` (default false). */
export function createForbiddenEvaluator(spec: EvaluatorSpec): Evaluator {
  const base = evaluatorBase(spec, 1);
  const caseSensitive = spec.case_sensitive === true;
  return {
    ...base,
    type: 'forbidden',
    async evaluate({ output, expected }) {
      if (expected.forbidden.length === 0) return { score: null, comment: { reasoning: 'The item lists no forbidden phrases.' } };
      const present = expected.forbidden.filter((f) => containsText(output, f, caseSensitive));
      const absent = expected.forbidden.filter((f) => !present.includes(f));
      return {
        score: absent.length / expected.forbidden.length,
        passed: present.length === 0,
        comment: {
          passed_items: absent.map((f) => `absent: ${f}`),
          failed_items: present.map((f) => `present: ${f}`),
          reasoning: present.length
            ? `The output contains forbidden phrase${present.length > 1 ? 's' : ''} ${present.map((p) => `"${p}"`).join(', ')}.`
            : `None of the ${expected.forbidden.length} forbidden phrases appear.`,
          suggestions: present.length ? [`Tell the model not to say ${present.map((p) => `"${p}"`).join(', ')}.`] : [],
        },
      };
    },
  };
}

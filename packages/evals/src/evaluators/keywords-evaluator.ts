/** `keywords`: the share of the item's expected keywords found in the output (default threshold 1: all of them). */
import { textTranslator } from '../report/report-lang.js';
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
    async evaluate({ output, expected, lang }) {
      const t = textTranslator(lang ?? 'en');
      if (expected.keywords.length === 0) return { score: null, comment: { reasoning: t('The item lists no keywords.') } };
      const found = expected.keywords.filter((k) => containsText(output, k, caseSensitive));
      const missing = expected.keywords.filter((k) => !found.includes(k));
      return {
        score: found.length / expected.keywords.length,
        comment: {
          passed_items: found,
          failed_items: missing,
          reasoning: t(missing.length ? '{found} of {total} expected keywords appear in the output; missing: {missing}.' : '{found} of {total} expected keywords appear in the output.', {
            found: found.length,
            total: expected.keywords.length,
            missing: missing.join(', '),
          }),
          suggestions: missing.length ? [t('Make the prompt ask for {list} (or a reason to mention them).', { list: missing.map((m) => `"${m}"`).join(', ') })] : [],
        },
      };
    },
  };
}

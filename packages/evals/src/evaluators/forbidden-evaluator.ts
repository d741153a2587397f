/** `forbidden`: passes when none of the item's forbidden phrases appear; score = share of phrases absent. */
import { textTranslator } from '../report/report-lang.js';
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
    async evaluate({ output, expected, lang }) {
      const t = textTranslator(lang ?? 'en');
      if (expected.forbidden.length === 0) return { score: null, comment: { reasoning: t('The item lists no forbidden phrases.') } };
      const present = expected.forbidden.filter((f) => containsText(output, f, caseSensitive));
      const absent = expected.forbidden.filter((f) => !present.includes(f));
      const list = present.map((p) => `"${p}"`).join(', ');
      return {
        score: absent.length / expected.forbidden.length,
        passed: present.length === 0,
        comment: {
          passed_items: absent.map((phrase) => t('absent: {phrase}', { phrase })),
          failed_items: present.map((phrase) => t('present: {phrase}', { phrase })),
          reasoning: present.length
            ? t(present.length > 1 ? 'The output contains the forbidden phrases {list}.' : 'The output contains the forbidden phrase {list}.', { list })
            : t('None of the {n} forbidden phrases appear.', { n: expected.forbidden.length }),
          suggestions: present.length ? [t('Tell the model not to say {list}.', { list })] : [],
        },
      };
    },
  };
}

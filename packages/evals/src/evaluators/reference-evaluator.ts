/** `reference`: checks the output against the item's reference (exact / contains / per-field / numeric tolerance). */
import { textTranslator } from '../report/report-lang.js';
import type { Evaluator } from './evaluator.js';
import { evaluatorBase, numberOption, type EvaluatorSpec } from './evaluator-spec.js';
import { isEmptyReference } from './expected-fields.js';
import { referenceChecks } from './reference-checks.js';

/**
 * Creates the evaluator. Options: `mode` contains (default) | exact, `tolerance` (absolute, default 0),
 * `relative_tolerance` (default 0), `case_sensitive` (default false). Score = share of checks passed;
 * default threshold 1 (all of them).
 */
export function createReferenceEvaluator(spec: EvaluatorSpec): Evaluator {
  const base = evaluatorBase(spec, 1);
  const mode = spec.mode ?? 'contains';
  if (mode !== 'contains' && mode !== 'exact') throw new Error(`evaluator ${base.name}: mode must be contains or exact.`);
  const options = {
    mode: mode as 'contains' | 'exact',
    tolerance: numberOption(spec, 'tolerance', 0),
    relativeTolerance: numberOption(spec, 'relative_tolerance', 0),
    caseSensitive: spec.case_sensitive === true,
  };
  return {
    ...base,
    type: 'reference',
    async evaluate({ output, expected, lang }) {
      const t = textTranslator(lang ?? 'en');
      if (isEmptyReference(expected.reference)) return { score: null, comment: { reasoning: t('The item has no reference.') } };
      const checks = referenceChecks(output, expected.reference, { ...options, t });
      if (checks.length === 0) return { score: null, comment: { reasoning: t('The reference holds nothing that can be checked.') } };
      const ok = checks.filter((c) => c.ok);
      const failed = checks.filter((c) => !c.ok);
      return {
        score: ok.length / checks.length,
        comment: {
          passed_items: ok.map((c) => c.label),
          failed_items: failed.map((c) => `${c.label}: ${c.detail}`),
          reasoning: t('{ok} of {total} reference checks passed.', { ok: ok.length, total: checks.length }),
          suggestions: failed.map((c) => t('Make the output satisfy "{label}" ({detail}).', { label: c.label, detail: c.detail })),
        },
      };
    },
  };
}

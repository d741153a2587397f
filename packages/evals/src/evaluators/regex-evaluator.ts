/** `regex`: the output matches every required pattern and none of the forbidden ones. */
import { textTranslator } from '../report/report-lang.js';
import type { Evaluator } from './evaluator.js';
import { evaluatorBase, stringListOption, stringOption, type EvaluatorSpec } from './evaluator-spec.js';

function compile(source: string, flags: string, where: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new Error(`${where}: ${JSON.stringify(source)} is not a valid regular expression (${(error as Error).message}).`);
  }
}

/**
 * Creates the evaluator. Options: `pattern` / `patterns` (must match), `must_not_match` (must not),
 * `flags` (default "u"). The item's expected `regex` list adds required patterns. Default threshold 1.
 */
export function createRegexEvaluator(spec: EvaluatorSpec): Evaluator {
  const base = evaluatorBase(spec, 1);
  const flags = stringOption(spec, 'flags') ?? 'u';
  const required = [...stringListOption(spec, 'pattern'), ...stringListOption(spec, 'patterns')].map((p) => compile(p, flags, `evaluator ${base.name}`));
  const forbidden = stringListOption(spec, 'must_not_match').map((p) => compile(p, flags, `evaluator ${base.name}`));
  return {
    ...base,
    type: 'regex',
    async evaluate({ output, expected, lang }) {
      const t = textTranslator(lang ?? 'en');
      const itemPatterns = expected.regex.map((p) => compile(p, flags, 'expected regex'));
      const checks = [
        ...[...required, ...itemPatterns].map((re) => ({
          label: t('matches /{pattern}/', { pattern: re.source }),
          suggestion: t('Make the output match /{pattern}/.', { pattern: re.source }),
          ok: re.test(output),
        })),
        ...forbidden.map((re) => ({
          label: t('does not match /{pattern}/', { pattern: re.source }),
          suggestion: t('Make the output avoid /{pattern}/.', { pattern: re.source }),
          ok: !re.test(output),
        })),
      ];
      if (checks.length === 0) return { score: null, comment: { reasoning: t('No patterns are configured for this item.') } };
      const ok = checks.filter((c) => c.ok);
      const failed = checks.filter((c) => !c.ok);
      return {
        score: ok.length / checks.length,
        comment: {
          passed_items: ok.map((c) => c.label),
          failed_items: failed.map((c) => c.label),
          reasoning: t('{ok} of {total} pattern checks passed.', { ok: ok.length, total: checks.length }),
          suggestions: failed.map((c) => c.suggestion),
        },
      };
    },
  };
}

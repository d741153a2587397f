/** Building the JSON comment `{passed_items, failed_items, reasoning, suggestions}` every score carries. */
import type { ExperimentScore, ScoreComment } from '@tracehub/core';
import { textTranslator, type ReportLang } from '../report/report-lang.js';
import type { Evaluator, EvaluatorResult } from './evaluator.js';

/** A complete comment from a partial one. */
function scoreComment(partial: Partial<ScoreComment> = {}): ScoreComment {
  return {
    passed_items: partial.passed_items ?? [],
    failed_items: partial.failed_items ?? [],
    reasoning: partial.reasoning ?? '',
    suggestions: partial.suggestions ?? [],
  };
}

/** The score an evaluator's answer becomes: status, pass/fail against the threshold, full comment. */
export function finalizeScore(evaluator: Evaluator, result: EvaluatorResult): ExperimentScore {
  const status = result.status ?? (result.score === null ? 'skipped' : 'ok');
  let passed: boolean | null = null;
  if (status === 'error') passed = false;
  else if (status === 'ok') {
    passed = result.passed ?? (result.score !== null && result.score >= (evaluator.threshold ?? 0.5));
  }
  const score = result.score === null ? null : Math.round(result.score * 1e6) / 1e6;
  return {
    score: status === 'error' ? null : score,
    passed,
    status,
    comment: scoreComment(result.comment),
    weight: evaluator.weight,
    threshold: evaluator.threshold,
    eval_model: result.evalModel ?? null,
  };
}

/** The score of an evaluator that threw: an error, never a pass (its texts in `lang`; the error's own message as it is). */
export function errorScore(evaluator: Evaluator, error: unknown, lang: ReportLang = 'en'): ExperimentScore {
  const t = textTranslator(lang);
  const message = error instanceof Error ? error.message : String(error);
  return finalizeScore(evaluator, {
    score: null,
    status: 'error',
    comment: {
      reasoning: t('The evaluator failed: {message}', { message }),
      failed_items: [message],
      suggestions: [t('Fix the {type} evaluator "{name}" and re-run with --resume <run> --retry-errors.', { type: evaluator.type, name: evaluator.name })],
    },
  });
}

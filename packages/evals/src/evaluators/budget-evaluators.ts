/** `latency` and `cost`: the item's model call stays within a budget. Score 1 within it, else budget / actual. */
import { textTranslator, type TranslateText } from '../report/report-lang.js';
import type { Evaluator } from './evaluator.js';
import { evaluatorBase, numberOption, type EvaluatorSpec } from './evaluator-spec.js';

function budget(t: TranslateText, measure: 'latency' | 'cost', actual: number, limit: number, suggestion: string) {
  const ok = actual <= limit;
  const shown = (v: number) => (measure === 'cost' ? `$${v.toFixed(6)}` : `${Math.round(v)} ms`);
  const name = t(measure);
  return {
    score: ok ? 1 : limit / actual,
    passed: ok,
    comment: {
      passed_items: ok ? [`${name} ${shown(actual)} ≤ ${shown(limit)}`] : [],
      failed_items: ok ? [] : [`${name} ${shown(actual)} > ${shown(limit)}`],
      reasoning: t('The {name} was {actual} against a budget of {limit}.', { name, actual: shown(actual), limit: shown(limit) }),
      suggestions: ok ? [] : [t(suggestion)],
    },
  };
}

/** Creates `latency`. Option `max_ms` (default 30000). Cached answers keep their original latency. */
export function createLatencyEvaluator(spec: EvaluatorSpec): Evaluator {
  const base = evaluatorBase(spec, 1);
  const maxMs = numberOption(spec, 'max_ms', 30_000);
  return {
    ...base,
    type: 'latency',
    async evaluate({ latencyMs, lang }) {
      const t = textTranslator(lang ?? 'en');
      if (latencyMs === null) return { score: null, comment: { reasoning: t('No latency was recorded.') } };
      return budget(t, 'latency', latencyMs, maxMs, 'Use a faster model, fewer output tokens (max_tokens) or a shorter prompt.');
    },
  };
}

/** Creates `cost`. Option `max_usd` per item (default 0.01). Skipped when the model has no price. */
export function createCostEvaluator(spec: EvaluatorSpec): Evaluator {
  const base = evaluatorBase(spec, 1);
  const maxUsd = numberOption(spec, 'max_usd', 0.01);
  return {
    ...base,
    type: 'cost',
    async evaluate({ cost, lang }) {
      const t = textTranslator(lang ?? 'en');
      if (cost === null) return { score: null, comment: { reasoning: t('The model has no price in the price table (TRACEHUB_MODEL_PRICES_FILE adds one).') } };
      return budget(t, 'cost', cost, maxUsd, 'Use a cheaper model or shorten the prompt and the answer.');
    },
  };
}

/** `latency` and `cost`: the item's model call stays within a budget. Score 1 within it, else budget / actual. */
import type { Evaluator } from './evaluator.js';
import { evaluatorBase, numberOption, type EvaluatorSpec } from './evaluator-spec.js';

function budget(name: string, actual: number, limit: number, unit: string, suggestion: string) {
  const ok = actual <= limit;
  const shown = (v: number) => (unit === 'USD' ? `$${v.toFixed(6)}` : `${Math.round(v)} ms`);
  return {
    score: ok ? 1 : limit / actual,
    passed: ok,
    comment: {
      passed_items: ok ? [`${name} ${shown(actual)} ≤ ${shown(limit)}`] : [],
      failed_items: ok ? [] : [`${name} ${shown(actual)} > ${shown(limit)}`],
      reasoning: `The ${name} was ${shown(actual)} against a budget of ${shown(limit)}.`,
      suggestions: ok ? [] : [suggestion],
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
    async evaluate({ latencyMs }) {
      if (latencyMs === null) return { score: null, comment: { reasoning: 'No latency was recorded.' } };
      return budget('latency', latencyMs, maxMs, 'ms', 'Use a faster model, fewer output tokens (max_tokens) or a shorter prompt.');
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
    async evaluate({ cost }) {
      if (cost === null) return { score: null, comment: { reasoning: 'The model has no price in the price table (TRACEHUB_MODEL_PRICES_FILE adds one).' } };
      return budget('cost', cost, maxUsd, 'USD', 'Use a cheaper model or shorten the prompt and the answer.');
    },
  };
}

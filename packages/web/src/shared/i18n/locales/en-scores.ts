/** English text for scores in sight (trace header, span tree, list column and filters) and costs of unpriced models. */
export const enScores = {
  scores: {
    column: 'Scores',
    columnOf: 'Score: {{name}}',
    title: 'Scores',
    none: 'No scores',
    badge: '{{name}}: average {{avg}} of {{count}}',
    passFail: '{{name}}: {{passed}} passed, {{failed}} failed',
    filters: {
      scoreName: 'Score name',
      scoreMin: 'Score ≥',
      scoreMax: 'Score ≤',
      latencyMin: 'Latency ≥ (ms)',
      latencyMax: 'Latency ≤ (ms)',
      costMin: 'Cost ≥ (USD)',
      costMax: 'Cost ≤ (USD)',
      tokensMin: 'Tokens ≥',
      tokensMax: 'Tokens ≤',
      metadataKey: 'Metadata key',
      metadataValue: 'Metadata value',
    },
  },
  cost: {
    unknown: 'unknown',
    unknownTitle: 'The model has no price in the price table, so its cost is unknown (not free).',
    partialTitle: '{{n}} span(s) use a model without a price: the cost is at least this much.',
    input: 'Input cost',
    output: 'Output cost',
  },
};

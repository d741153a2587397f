import { isRecord, parseJsonLoose, toAmount, toCount, toText } from './otlp-values.js';

/** Model, token counts and cost read from a span's attributes. */
export interface SpanUsage {
  model?: string;
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
  cached_input_tokens?: number;
  cost?: number;
}

/** Model attributes, most specific first: what actually answered before what was asked for. */
const MODEL_KEYS = [
  'langfuse.observation.model.name',
  'gen_ai.response.model',
  'gen_ai.request.model',
  'llm.model_name',
  'embedding.model_name',
];

const INPUT_KEYS = ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt'];
const OUTPUT_KEYS = ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.completion'];
const TOTAL_KEYS = ['llm.token_count.total', 'gen_ai.usage.total_tokens'];
const CACHED_KEYS = [
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_read_input_tokens',
  'llm.token_count.prompt_details.cache_read',
];
const COST_KEYS = ['llm.cost.total', 'gen_ai.usage.cost'];

const USAGE_INPUT = ['input', 'input_tokens', 'prompt_tokens'];
const USAGE_OUTPUT = ['output', 'output_tokens', 'completion_tokens'];
const USAGE_TOTAL = ['total', 'total_tokens'];
const USAGE_CACHED = ['input_cached_tokens', 'cache_read_input_tokens', 'input_cache_read'];

/**
 * Reads the model, token usage and cost. Langfuse `usage_details` / `cost_details` (JSON objects)
 * win over GenAI `gen_ai.usage.*`, which win over OpenInference `llm.token_count.*`.
 * `total_tokens` is input + output when no total is given; cost is the details' `total`, else the
 * sum of their amounts.
 */
export function spanUsageOf(attributes: Record<string, unknown>): SpanUsage {
  const details = objectAttribute(attributes['langfuse.observation.usage_details']);
  const pick = (detailKeys: string[], keys: string[]) =>
    firstDefined([...detailKeys.map((k) => details[k]), ...keys.map((k) => attributes[k])], toCount);
  const usage: SpanUsage = {};
  const model = firstDefined(MODEL_KEYS.map((k) => attributes[k]), (v) => toText(v, 256));
  if (model !== undefined) usage.model = model;
  const input = pick(USAGE_INPUT, INPUT_KEYS);
  const output = pick(USAGE_OUTPUT, OUTPUT_KEYS);
  const total = pick(USAGE_TOTAL, TOTAL_KEYS) ?? (input !== undefined && output !== undefined ? input + output : undefined);
  const cached = pick(USAGE_CACHED, CACHED_KEYS);
  if (input !== undefined) usage.input_tokens = input;
  if (output !== undefined) usage.output_tokens = output;
  if (total !== undefined) usage.total_tokens = total;
  if (cached !== undefined) usage.cached_input_tokens = cached;
  const cost = costOf(objectAttribute(attributes['langfuse.observation.cost_details'])) ?? firstDefined(COST_KEYS.map((k) => attributes[k]), toAmount);
  if (cost !== undefined) usage.cost = cost;
  return usage;
}

function costOf(details: Record<string, unknown>): number | undefined {
  const total = toAmount(details.total);
  if (total !== undefined) return total;
  const amounts = Object.values(details).map(toAmount).filter((v): v is number => v !== undefined);
  return amounts.length > 0 ? amounts.reduce((a, b) => a + b, 0) : undefined;
}

function objectAttribute(value: unknown): Record<string, unknown> {
  const parsed = parseJsonLoose(value);
  return isRecord(parsed) ? parsed : {};
}

function firstDefined<T>(values: unknown[], read: (value: unknown) => T | undefined): T | undefined {
  for (const value of values) {
    const result = read(value);
    if (result !== undefined) return result;
  }
  return undefined;
}

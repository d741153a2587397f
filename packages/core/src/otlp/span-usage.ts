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
  'ai.response.model',
  'ai.model.id',
];

const INPUT_KEYS = [
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.prompt_tokens',
  'llm.token_count.prompt',
  'ai.usage.inputTokens',
  'ai.usage.promptTokens',
  'ai.usage.tokens',
];
const OUTPUT_KEYS = [
  'gen_ai.usage.output_tokens',
  'gen_ai.usage.completion_tokens',
  'llm.token_count.completion',
  'ai.usage.outputTokens',
  'ai.usage.completionTokens',
];
const TOTAL_KEYS = ['llm.token_count.total', 'gen_ai.usage.total_tokens', 'llm.usage.total_tokens', 'ai.usage.totalTokens'];
const CACHED_KEYS = [
  'gen_ai.usage.cache_read.input_tokens',
  'gen_ai.usage.cache_read_input_tokens',
  'llm.token_count.prompt_details.cache_read',
  'ai.usage.cachedInputTokens',
  'ai.usage.inputTokenDetails.cacheReadTokens',
];
const COST_KEYS = ['llm.cost.total', 'gen_ai.usage.cost'];

const USAGE_INPUT = ['input', 'input_tokens', 'prompt_tokens'];
const USAGE_OUTPUT = ['output', 'output_tokens', 'completion_tokens'];
const USAGE_TOTAL = ['total', 'total_tokens'];
const USAGE_CACHED = ['input_cached_tokens', 'cache_read_input_tokens', 'input_cache_read'];

/**
 * Reads the model, token usage and cost. Langfuse `usage_details` / `cost_details` (JSON objects)
 * win over GenAI `gen_ai.usage.*`, which win over OpenInference `llm.token_count.*`, OpenLLMetry
 * `llm.usage.total_tokens` and Vercel AI SDK `ai.usage.*`. Langfuse's `usage_details.input`
 * excludes cached tokens, so its cached count is added back: `input_tokens` always includes the
 * cached ones (as the price table expects). `total_tokens` is input + output when no total is
 * given; cost is the details' `total`, else the sum of their amounts.
 */
export function spanUsageOf(attributes: Record<string, unknown>): SpanUsage {
  const details = objectAttribute(attributes['langfuse.observation.usage_details']);
  const pick = (detailKeys: string[], keys: string[]) => firstCount(details, detailKeys) ?? firstCount(attributes, keys);
  const usage: SpanUsage = {};
  const model = firstDefined(MODEL_KEYS.map((k) => attributes[k]), (v) => toText(v, 256));
  if (model !== undefined) usage.model = model;
  const cached = pick(USAGE_CACHED, CACHED_KEYS);
  const langfuseInput = toCount(details.input);
  const langfuseCached = firstCount(details, USAGE_CACHED);
  const input =
    langfuseInput !== undefined && langfuseCached !== undefined ? langfuseInput + langfuseCached : pick(USAGE_INPUT, INPUT_KEYS);
  const output = pick(USAGE_OUTPUT, OUTPUT_KEYS);
  const total = pick(USAGE_TOTAL, TOTAL_KEYS) ?? (input !== undefined || output !== undefined ? (input ?? 0) + (output ?? 0) : undefined);
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

function firstCount(record: Record<string, unknown>, keys: string[]): number | undefined {
  for (const key of keys) {
    const count = toCount(record[key]);
    if (count !== undefined) return count;
  }
  return undefined;
}

function firstDefined<T>(values: unknown[], read: (value: unknown) => T | undefined): T | undefined {
  for (const value of values) {
    const result = read(value);
    if (result !== undefined) return result;
  }
  return undefined;
}

import { z } from 'zod';

/** One row of the model price table: USD per token, matched by a regular expression on the model name. */
export const modelPriceSchema = z.object({
  match: z.string().min(1),
  input: z.number().nonnegative(),
  output: z.number().nonnegative(),
  cached_input: z.number().nonnegative().optional(),
});
export type ModelPrice = z.infer<typeof modelPriceSchema>;

const perMillion = (input: number, output: number, cached?: number): Omit<ModelPrice, 'match'> => ({
  input: input / 1e6,
  output: output / 1e6,
  ...(cached === undefined ? {} : { cached_input: cached / 1e6 }),
});

/** Built-in list prices (USD per 1M tokens, public list prices); user rows are matched first. */
export const DEFAULT_MODEL_PRICES: ModelPrice[] = [
  { match: '^gpt-4\\.1-nano', ...perMillion(0.1, 0.4, 0.025) },
  { match: '^gpt-4\\.1-mini', ...perMillion(0.4, 1.6, 0.1) },
  { match: '^gpt-4\\.1', ...perMillion(2, 8, 0.5) },
  { match: '^gpt-4o-mini', ...perMillion(0.15, 0.6, 0.075) },
  { match: '^gpt-4o', ...perMillion(2.5, 10, 1.25) },
  { match: '^gpt-5-nano', ...perMillion(0.05, 0.4, 0.005) },
  { match: '^gpt-5-mini', ...perMillion(0.25, 2, 0.025) },
  { match: '^gpt-5', ...perMillion(1.25, 10, 0.125) },
  { match: '^o4-mini', ...perMillion(1.1, 4.4, 0.275) },
  { match: '^o3-mini', ...perMillion(1.1, 4.4, 0.55) },
  { match: '^o3', ...perMillion(2, 8, 0.5) },
  { match: '^gpt-3\\.5-turbo', ...perMillion(0.5, 1.5) },
  { match: '^claude-(3-5-|3\\.5-)?haiku', ...perMillion(0.8, 4, 0.08) },
  { match: '^claude-(3-5-|3-7-|sonnet-4)|^claude-3\\.5-sonnet|sonnet', ...perMillion(3, 15, 0.3) },
  { match: '^claude-(opus-4|3-opus)', ...perMillion(15, 75, 1.5) },
  { match: '^text-embedding-3-small', ...perMillion(0.02, 0) },
  { match: '^text-embedding-3-large', ...perMillion(0.13, 0) },
];

/** Token usage of one model call. */
export interface TokenUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cached_input_tokens?: number | null;
}

/** Looks up prices by model name: the first row whose pattern matches (case-insensitive). */
export function createPriceTable(rows: ModelPrice[] = DEFAULT_MODEL_PRICES) {
  const compiled = rows.map((row) => ({ row, re: new RegExp(row.match, 'i') }));
  const cache = new Map<string, ModelPrice | null>();
  const find = (model: string): ModelPrice | null => {
    let hit = cache.get(model);
    if (hit === undefined) {
      hit = compiled.find((c) => c.re.test(model))?.row ?? null;
      if (cache.size < 10_000) cache.set(model, hit);
    }
    return hit;
  };
  /** Input (cached input included) and output cost in USD, or null when the model is not in the table or no tokens are known. */
  const split = (model: string | null | undefined, usage: TokenUsage): { input: number; output: number } | null => {
    if (!model) return null;
    const input = usage.input_tokens ?? 0;
    const output = usage.output_tokens ?? 0;
    if (input === 0 && output === 0) return null;
    const price = find(model);
    if (!price) return null;
    const cached = Math.min(usage.cached_input_tokens ?? 0, input);
    const cachedPrice = price.cached_input ?? price.input;
    return { input: (input - cached) * price.input + cached * cachedPrice, output: output * price.output };
  };
  return {
    /** Cost in USD of a call, or null when the model is not in the table or no tokens are known. */
    cost(model: string | null | undefined, usage: TokenUsage): number | null {
      const parts = split(model, usage);
      return parts ? parts.input + parts.output : null;
    },
    split,
  };
}
export type PriceTable = ReturnType<typeof createPriceTable>;

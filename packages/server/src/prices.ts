/** The model price table: built-in list prices, extended by a user file (matched first). */
import type { PriceTable } from '@tracehub/core';
import { loadPrices } from '@tracehub/evals/prices';

/** Loads the price table; `file` is a JSON array of `{match, input, output, cached_input}` (USD per token). */
export function loadPriceTable(file?: string): PriceTable {
  return loadPrices(file).table;
}

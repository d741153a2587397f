/** The model price table of a run: core's built-in prices, extended by TRACEHUB_MODEL_PRICES_FILE (matched first). */
import fs from 'node:fs';
import { defaultPrices, parsePriceFile, type LoadedPrices } from '@tracehub/core';

export type { LoadedPrices } from '@tracehub/core';

/** Loads prices; `file` is a JSON array of `{match, input, output, cached_input}` in USD per token (parsed by core). */
export function loadPrices(file: string | undefined): LoadedPrices {
  if (!file) return defaultPrices();
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the model price file ${file}: ${(error as Error).message}`);
  }
  return parsePriceFile(text, file);
}

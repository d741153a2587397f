/** The model price table of a run: core's built-in prices, extended by TRACEHUB_MODEL_PRICES_FILE (matched first). */
import fs from 'node:fs';
import { createPriceTable, DEFAULT_MODEL_PRICES, modelPriceSchema, type ModelPrice, type PriceTable } from '@tracehub/core';

/** The rows and the table built from them. */
export interface LoadedPrices {
  rows: ModelPrice[];
  table: PriceTable;
}

/** Loads prices; `file` is a JSON array of `{match, input, output, cached_input}` in USD per token. */
export function loadPrices(file: string | undefined): LoadedPrices {
  if (!file) return { rows: DEFAULT_MODEL_PRICES, table: createPriceTable(DEFAULT_MODEL_PRICES) };
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the model price file ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new Error(`The model price file ${file} must hold a JSON list of {match, input, output}.`);
  const rows = raw.map((row, i) => {
    const parsed = modelPriceSchema.safeParse(row);
    if (!parsed.success) throw new Error(`The model price file ${file} is not valid at [${i}]: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
  const all = [...rows, ...DEFAULT_MODEL_PRICES];
  return { rows: all, table: createPriceTable(all) };
}

/**
 * Reading a model price file (TRACEHUB_MODEL_PRICES_FILE) — the one parser the server and the
 * experiment runner share. Pure: the caller reads the file and passes its text.
 */
import { z } from 'zod';
import { createPriceTable, DEFAULT_MODEL_PRICES, modelPriceSchema, type ModelPrice, type PriceTable } from './pricing.js';
import { describeZodError } from './validation-error.js';

/** The rows of a price table and the table built from them. */
export interface LoadedPrices {
  /** The file's rows first (matched first), then the built-in ones. */
  rows: ModelPrice[];
  table: PriceTable;
}

/** The built-in prices alone (no price file). */
export function defaultPrices(): LoadedPrices {
  return { rows: DEFAULT_MODEL_PRICES, table: createPriceTable(DEFAULT_MODEL_PRICES) };
}

/**
 * Parses the text of a price file — a JSON list of `{match, input, output, cached_input}` in USD per
 * token — and puts its rows ahead of the built-in ones. `name` (the file path) is used in errors,
 * which are one sentence saying what to fix.
 */
export function parsePriceFile(text: string, name: string): LoadedPrices {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`Cannot read the model price file ${name}: ${(error as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new Error(`The model price file ${name} must hold a JSON list of {match, input, output}.`);
  const parsed = z.array(modelPriceSchema).safeParse(raw);
  if (!parsed.success) {
    const first = describeZodError(parsed.error)[0];
    throw new Error(`The model price file ${name} is not valid at ${first.path}: ${first.message}`);
  }
  const rows = [...parsed.data, ...DEFAULT_MODEL_PRICES];
  return { rows, table: createPriceTable(rows) };
}

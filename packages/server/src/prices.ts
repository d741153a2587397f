/** The model price table: built-in list prices, extended by a user file (matched first). */
import fs from 'node:fs';
import { z } from 'zod';
import { createPriceTable, DEFAULT_MODEL_PRICES, describeZodError, modelPriceSchema, type PriceTable } from '@tracehub/core';

/** Loads the price table; `file` is a JSON array of `{match, input, output, cached_input}` (USD per token). */
export function loadPriceTable(file?: string): PriceTable {
  if (!file) return createPriceTable(DEFAULT_MODEL_PRICES);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read the model price file ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = z.array(modelPriceSchema).safeParse(raw);
  if (!parsed.success) {
    const first = describeZodError(parsed.error)[0];
    throw new Error(`The model price file ${file} is not valid at ${first.path}: ${first.message}`);
  }
  return createPriceTable([...parsed.data, ...DEFAULT_MODEL_PRICES]);
}

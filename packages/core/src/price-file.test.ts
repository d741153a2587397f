import { describe, expect, it } from 'vitest';
import { defaultPrices, parsePriceFile } from './price-file.js';
import { DEFAULT_MODEL_PRICES } from './pricing.js';

describe('parsePriceFile', () => {
  it('puts the file rows ahead of the built-in ones', () => {
    const loaded = parsePriceFile('[{"match": "^gpt-4o", "input": 1, "output": 2}]', 'p.json');
    expect(loaded.rows).toHaveLength(DEFAULT_MODEL_PRICES.length + 1);
    expect(loaded.table.cost('gpt-4o', { input_tokens: 1, output_tokens: 1 })).toBe(3);
    expect(defaultPrices().rows).toBe(DEFAULT_MODEL_PRICES);
  });

  it('says what is wrong in one sentence', () => {
    expect(() => parsePriceFile('{', 'p.json')).toThrow(/^Cannot read the model price file p\.json: /);
    expect(() => parsePriceFile('{}', 'p.json')).toThrow('The model price file p.json must hold a JSON list of {match, input, output}.');
    expect(() => parsePriceFile('[{"match": "x", "input": -1, "output": 0}]', 'p.json')).toThrow(/^The model price file p\.json is not valid at \[0\]\.input: /);
  });
});

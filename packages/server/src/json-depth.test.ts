import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds, MAX_JSON_DEPTH } from './json-depth.js';

const nested = (levels: number) => JSON.parse(`${'['.repeat(levels)}${']'.repeat(levels)}`) as unknown;

describe('jsonDepthExceeds', () => {
  it('allows exactly MAX_JSON_DEPTH levels and refuses one more', () => {
    expect(MAX_JSON_DEPTH).toBe(128);
    expect(jsonDepthExceeds(nested(128))).toBe(false);
    expect(jsonDepthExceeds(nested(129))).toBe(true);
    expect(jsonDepthExceeds({ a: [{ b: nested(125) }] })).toBe(false);
    expect(jsonDepthExceeds({ a: [{ b: nested(126) }] })).toBe(true);
  });

  it('walks 100,000 levels without recursion, and scalars are depth 0', () => {
    expect(jsonDepthExceeds(nested(100_000), 200_000)).toBe(false);
    expect(jsonDepthExceeds(nested(100_000))).toBe(true);
    expect(jsonDepthExceeds('text')).toBe(false);
    expect(jsonDepthExceeds(null)).toBe(false);
  });
});

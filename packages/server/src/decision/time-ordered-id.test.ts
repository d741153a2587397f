import { describe, expect, it } from 'vitest';
import { uuidv7 } from './time-ordered-id.js';

describe('uuidv7', () => {
  it('formats a version 7 UUID whose order follows time', () => {
    const id = uuidv7(Date.UTC(2026, 1, 7));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id.slice(0, 13).replace('-', '')).toBe(Date.UTC(2026, 1, 7).toString(16).padStart(12, '0'));
    const ids = [1, 2, 3, 1000, 2 ** 40].map((ms) => uuidv7(ms));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(Array.from({ length: 1000 }, () => uuidv7(5))).size).toBe(1000);
  });
});

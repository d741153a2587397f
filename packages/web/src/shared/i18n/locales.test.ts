/** The Korean and English resources have the same keys, no empty text, and the same {{placeholders}}. */
import { describe, expect, it } from 'vitest';
import { flattenKeys } from './locale-shape';
import { en } from './locales/en';
import { ko } from './locales/ko';

const lookup = (resource: unknown, key: string): string => key.split('.').reduce<any>((node, part) => node?.[part], resource);
const placeholders = (text: string) => (text.match(/\{\{\s*\w+\s*\}\}/g) ?? []).sort();

describe('UI text resources', () => {
  const enKeys = flattenKeys(en as unknown as Record<string, unknown>);
  const koKeys = flattenKeys(ko as unknown as Record<string, unknown>);

  it('have exactly the same keys in Korean and English', () => {
    expect(koKeys.sort()).toEqual(enKeys.sort());
    expect(enKeys.length).toBeGreaterThan(300);
  });

  it('have no empty text and the same placeholders in both languages', () => {
    for (const key of enKeys) {
      const a = lookup(en, key);
      const b = lookup(ko, key);
      expect(a.trim(), key).not.toBe('');
      expect(b.trim(), key).not.toBe('');
      expect(placeholders(b), key).toEqual(placeholders(a));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { pgJsonText, pgText } from './storable-text.js';

describe('storable text', () => {
  it('drops NUL characters and replaces unpaired surrogates, keeping pairs', () => {
    expect(pgText('a\u0000b\ud800c\udc00🙂')).toBe('ab\ufffdc\ufffd🙂');
    const clean = 'plain 🙂 text';
    expect(pgText(clean)).toBe(clean);
  });

  it('cleans JSON text escape by escape and keeps it valid JSON', () => {
    const value = { nul: 'a\u0000b', text: '\\u0000', twice: '\\\\u0000', lone: 'x\ud800y', low: '\udfff', pair: '🙂', escapedPair: '\ud83d\ude00' };
    const cleaned = JSON.parse(pgJsonText(JSON.stringify(value))) as Record<string, string>;
    expect(cleaned).toEqual({ nul: 'ab', text: '\\u0000', twice: '\\\\u0000', lone: 'x\ufffdy', low: '\ufffd', pair: '🙂', escapedPair: '😀' });
    expect(pgJsonText('"\\ud83d\\ude00"')).toBe('"\\ud83d\\ude00"');
    expect(pgJsonText('"\\ude00\\ud83d"')).toBe('"\\ufffd\\ufffd"');
  });
});

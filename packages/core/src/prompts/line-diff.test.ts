import { describe, expect, it } from 'vitest';
import { MAX_DIFF_EDITS, unifiedDiff } from './line-diff.js';

describe('unified line diff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('prints hunks as diff -u does', () => {
    // Output checked against GNU diff -u.
    const lines = (...l: string[]) => l.join('\n') + '\n';
    const before = lines('1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12');
    const after = lines('1', '2', '3', 'four', '5', '6', '7', '8', '9', '10', '11', '12', '13');
    expect(unifiedDiff(before, after, { fromLabel: 'v1', toLabel: 'v2' })).toBe(
      lines('--- v1', '+++ v2', '@@ -1,7 +1,7 @@', ' 1', ' 2', ' 3', '-4', '+four', ' 5', ' 6', ' 7', '@@ -10,3 +10,4 @@', ' 10', ' 11', ' 12', '+13'),
    );
    // Changes six lines apart share one hunk.
    expect(unifiedDiff(lines('1', '2', '3', '4', '5', '6', '7', '8', '9', '10'), lines('1', '2', '3', 'four', '5', '6', '7', '8', '9', '10', '11')))
      .toContain('@@ -1,10 +1,11 @@');
  });

  it('marks a missing final newline and handles empty sides', () => {
    expect(unifiedDiff('a', 'a\n')).toBe(['--- before', '+++ after', '@@ -1 +1 @@', '-a', '\\ No newline at end of file', '+a', ''].join('\n'));
    expect(unifiedDiff('', 'x\ny\n')).toBe(['--- before', '+++ after', '@@ -0,0 +1,2 @@', '+x', '+y', ''].join('\n'));
  });

  it('past MAX_DIFF_EDITS shows the changed middle removed and added whole, keeping the common head and tail', () => {
    const n = MAX_DIFF_EDITS;
    const before = ['head', ...Array.from({ length: n }, (_, i) => `a${i}`), 'tail', ''].join('\n');
    const after = ['head', ...Array.from({ length: n }, (_, i) => (i === 7 ? 'a7' : `b${i}`)), 'tail', ''].join('\n');
    const lines = unifiedDiff(before, after).split('\n');
    expect(lines[2]).toBe(`@@ -1,${n + 2} +1,${n + 2} @@`);
    expect(lines[3]).toBe(' head');
    // a7 is common to both sides, but the diff gave up before finding it.
    expect(lines.slice(4, 4 + n)).toEqual(Array.from({ length: n }, (_, i) => `-a${i}`));
    expect(lines.slice(4 + n, 4 + 2 * n)).toEqual(Array.from({ length: n }, (_, i) => (i === 7 ? '+a7' : `+b${i}`)));
    expect(lines.slice(4 + 2 * n)).toEqual([' tail', '']);
  });

  it('prints removals before additions inside a changed run', () => {
    expect(unifiedDiff('a\nb\nc\n', 'x\nb\ny\nz\n', { context: 0 })).toBe(['--- before', '+++ after', '@@ -1 +1 @@', '-a', '+x', '@@ -3 +3,2 @@', '-c', '+y', '+z', ''].join('\n'));
  });
});

import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './line-diff.js';

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
});

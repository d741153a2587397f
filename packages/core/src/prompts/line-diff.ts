/** A unified line diff (as `diff -u` prints it) of two texts, for prompt versions. */

/** Labels of the two sides and lines of context around each change (default 3). */
export interface UnifiedDiffOptions {
  fromLabel?: string;
  toLabel?: string;
  context?: number;
}

/** Largest LCS table (changed lines before × after) computed line by line. */
export const MAX_DIFF_CELLS = 4_000_000;

interface Op {
  type: ' ' | '-' | '+';
  line: string;
}

/** Lines with their newline kept, so a missing final newline shows as a change. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const lines = parts.map((part, i) => (i < parts.length - 1 ? `${part}\n` : part));
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Longest-common-subsequence edit script. Past MAX_DIFF_CELLS (changed lines before × after) the
 * middle is shown replaced whole, so a diff costs at most ~16 MB and a few tens of milliseconds.
 */
function diffLines(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const head: Op[] = a.slice(0, start).map((line) => ({ type: ' ', line }));
  const tail: Op[] = a.slice(endA).map((line) => ({ type: ' ', line }));
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const n = x.length;
  const m = y.length;
  const middle: Op[] = [];
  if (n * m > MAX_DIFF_CELLS) {
    middle.push(...x.map((line): Op => ({ type: '-', line })), ...y.map((line): Op => ({ type: '+', line })));
  } else {
    // lcs[i][j] = LCS length of x[i..] and y[j..], in one flat array.
    const width = m + 1;
    const lcs = new Uint32Array((n + 1) * width);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * width + j] = x[i] === y[j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && x[i] === y[j]) {
        middle.push({ type: ' ', line: x[i] });
        i++;
        j++;
      } else if (j < m && (i >= n || lcs[i * width + j + 1] >= lcs[(i + 1) * width + j])) {
        middle.push({ type: '+', line: y[j++] });
      } else {
        middle.push({ type: '-', line: x[i++] });
      }
    }
    // Print removals before additions inside each changed run, as diff -u does.
    for (let k = 0; k < middle.length; ) {
      if (middle[k].type === ' ') {
        k++;
        continue;
      }
      let end = k;
      while (end < middle.length && middle[end].type !== ' ') end++;
      const run = middle.slice(k, end);
      middle.splice(k, run.length, ...run.filter((op) => op.type === '-'), ...run.filter((op) => op.type === '+'));
      k = end;
    }
  }
  return [...head, ...middle, ...tail];
}

const range = (start: number, count: number) => (count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`);

function printLine(op: Op): string {
  const text = op.line.endsWith('\n') ? op.line.slice(0, -1) : `${op.line}\n\\ No newline at end of file`;
  return `${op.type}${text}`;
}

/** The unified diff of `before` → `after`; an empty string when they are equal. */
export function unifiedDiff(before: string, after: string, options: UnifiedDiffOptions = {}): string {
  const context = options.context ?? 3;
  const ops = diffLines(splitLines(before), splitLines(after));
  const changed = ops.map((op, i) => (op.type === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (changed.length === 0) return '';
  const out = [`--- ${options.fromLabel ?? 'before'}`, `+++ ${options.toLabel ?? 'after'}`];
  // Group changes whose context windows touch into hunks.
  const hunks: Array<[number, number]> = [];
  for (const index of changed) {
    const from = Math.max(0, index - context);
    const to = Math.min(ops.length - 1, index + context);
    const last = hunks[hunks.length - 1];
    if (last && from <= last[1] + 1) last[1] = to;
    else hunks.push([from, to]);
  }
  // Line numbers before each op on both sides.
  const oldLine: number[] = [];
  const newLine: number[] = [];
  let o = 1;
  let n = 1;
  for (const op of ops) {
    oldLine.push(o);
    newLine.push(n);
    if (op.type !== '+') o++;
    if (op.type !== '-') n++;
  }
  for (const [from, to] of hunks) {
    const slice = ops.slice(from, to + 1);
    const oldCount = slice.filter((op) => op.type !== '+').length;
    const newCount = slice.filter((op) => op.type !== '-').length;
    out.push(`@@ -${range(oldLine[from], oldCount)} +${range(newLine[from], newCount)} @@`);
    for (const op of slice) out.push(printLine(op));
  }
  return `${out.join('\n')}\n`;
}

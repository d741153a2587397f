/** A unified line diff (as `diff -u` prints it) of two texts, for prompt versions. */
import { diffLines, type ChangeObject } from 'diff';

/** Labels of the two sides and lines of context around each change (default 3). */
export interface UnifiedDiffOptions {
  fromLabel?: string;
  toLabel?: string;
  context?: number;
}

/**
 * Bounds on the diff's work. The Myers diff (the `diff` package) costs about (lines before + lines
 * after) × edits + edits², so it is asked to give up past MAX_DIFF_EDITS edits or past
 * MAX_DIFF_CELLS / (lines before + lines after) edits: a diff stays within a few tens of
 * milliseconds whatever the texts. Past a bound, the changed middle is shown replaced whole.
 */
const MAX_DIFF_CELLS = 4_000_000;

/** Most edits (removed plus added lines) the diff looks for before showing the middle replaced whole. */
export const MAX_DIFF_EDITS = 500;

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

/** The common head and tail kept, everything between removed and added whole. */
function replacedWhole(a: string[], b: string[]): Op[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return [
    ...a.slice(0, start).map((line): Op => ({ type: ' ', line })),
    ...a.slice(start, endA).map((line): Op => ({ type: '-', line })),
    ...b.slice(start, endB).map((line): Op => ({ type: '+', line })),
    ...a.slice(endA).map((line): Op => ({ type: ' ', line })),
  ];
}

/** The edit script of `before` → `after`, removals before additions inside each changed run. */
function editScript(before: string, after: string): Op[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const maxEditLength = Math.max(1, Math.min(MAX_DIFF_EDITS, Math.floor(MAX_DIFF_CELLS / Math.max(1, a.length + b.length))));
  const changes: ChangeObject<string>[] | undefined = diffLines(before, after, { maxEditLength });
  if (!changes) return replacedWhole(a, b);
  // Array spreads into push() would overflow the stack on long runs, hence the loops.
  const ops: Op[] = [];
  let removed: Op[] = [];
  let added: Op[] = [];
  const flush = () => {
    for (const op of removed) ops.push(op);
    for (const op of added) ops.push(op);
    removed = [];
    added = [];
  };
  for (const change of changes) {
    const type = change.added ? '+' : change.removed ? '-' : ' ';
    if (type === ' ') flush();
    const target = type === '+' ? added : type === '-' ? removed : ops;
    for (const line of splitLines(change.value)) target.push({ type, line });
  }
  flush();
  return ops;
}

const range = (start: number, count: number) => (count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`);

function printLine(op: Op): string {
  const text = op.line.endsWith('\n') ? op.line.slice(0, -1) : `${op.line}\n\\ No newline at end of file`;
  return `${op.type}${text}`;
}

/** The unified diff of `before` → `after`; an empty string when they are equal. */
export function unifiedDiff(before: string, after: string, options: UnifiedDiffOptions = {}): string {
  const context = options.context ?? 3;
  const ops = editScript(before, after);
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

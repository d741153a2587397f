/** Turns a unified diff into side-by-side rows: removed lines on the left, added on the right, paired in order. */

/** One row of a side-by-side diff. */
export interface DiffRow {
  kind: 'same' | 'change' | 'hunk';
  left: string | null;
  right: string | null;
  leftNo?: number;
  rightNo?: number;
}

/** Parses `---`/`+++`/`@@` headers and ` `/`-`/`+` lines. */
export function sideBySide(unified: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let removed: Array<{ text: string; no: number }> = [];
  let added: Array<{ text: string; no: number }> = [];
  let leftNo = 0;
  let rightNo = 0;
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      rows.push({ kind: 'change', left: removed[i]?.text ?? null, right: added[i]?.text ?? null, leftNo: removed[i]?.no, rightNo: added[i]?.no });
    }
    removed = [];
    added = [];
  };
  for (const line of unified.split('\n')) {
    if (line.startsWith('--- ') || line.startsWith('+++ ') || line.startsWith('\\')) continue;
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      flush();
      leftNo = Number(hunk[1]);
      rightNo = Number(hunk[2]);
      rows.push({ kind: 'hunk', left: line, right: line });
    } else if (line.startsWith('-')) removed.push({ text: line.slice(1), no: leftNo++ });
    else if (line.startsWith('+')) added.push({ text: line.slice(1), no: rightNo++ });
    else if (line.startsWith(' ')) {
      flush();
      rows.push({ kind: 'same', left: line.slice(1), right: line.slice(1), leftNo: leftNo++, rightNo: rightNo++ });
    }
  }
  flush();
  return rows;
}

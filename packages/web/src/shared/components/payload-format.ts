/** How a payload is shown as text: pretty JSON or text as is; how long text is cut into lines; sizes. */

/** A value as display text: strings as they are (JSON strings pretty-printed), anything else as indented JSON. */
export function payloadText(value: unknown): { text: string; json: boolean } {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
      try {
        return { text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true };
      } catch {
        // not JSON after all
      }
    }
    return { text: value, json: false };
  }
  return { text: JSON.stringify(value, null, 2) ?? String(value), json: true };
}

/** Cuts text into display lines; lines longer than `width` are hard-wrapped so a virtual list can use one row height. */
export function toLines(text: string, width = 400): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length <= width) lines.push(line);
    else for (let i = 0; i < line.length; i += width) lines.push(line.slice(i, i + width));
  }
  return lines;
}

/** 1.2 MB / 34 KB / 120 B */
export function formatBytes(chars: number): string {
  if (chars >= 1024 * 1024) return `${(chars / 1024 / 1024).toFixed(1)} MB`;
  if (chars >= 1024) return `${Math.round(chars / 1024)} KB`;
  return `${chars} B`;
}

/** Metric label filters as form text: `key=value` pairs, comma-separated (dashboard widgets, alert rules). */

/** Parses `a=1, b=x=y` into `{ a: '1', b: 'x=y' }` (the first `=` splits; empty entries are skipped). */
export function labelsFromText(text: string): Record<string, string> {
  const pairs = text.split(',').map((v) => v.trim()).filter(Boolean);
  return Object.fromEntries(pairs.map((kv) => [kv.split('=')[0].trim(), kv.split('=').slice(1).join('=').trim()]));
}

/** The text form of `labels`. */
export function labelsToText(labels: Record<string, string> | undefined): string {
  return Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
}

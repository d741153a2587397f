/** A small JSON → YAML printer for showing policies as YAML (block style, quoting strings only when needed). */

const PLAIN = /^[A-Za-z_][A-Za-z0-9_.\- /]*$/;
const RESERVED = /^(true|false|null|yes|no|on|off|~|-?\d.*)$/i;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const s = String(value);
  return PLAIN.test(s) && !RESERVED.test(s) && !s.endsWith(' ') ? s : JSON.stringify(s);
}

function isScalar(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

function emit(value: unknown, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item) => {
      if (isScalar(item)) return [`${indent}- ${scalar(item)}`];
      const inner = emit(item, `${indent}  `);
      return [`${indent}- ${inner[0].trimStart()}`, ...inner.slice(1)];
    });
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([key, v]) => {
      const k = scalar(key);
      if (isScalar(v)) return [`${indent}${k}: ${scalar(v)}`];
      if (Array.isArray(v) && v.length === 0) return [`${indent}${k}: []`];
      if (!Array.isArray(v) && Object.keys(v as object).length === 0) return [`${indent}${k}: {}`];
      return [`${indent}${k}:`, ...emit(v, `${indent}  `)];
    });
  }
  return [`${indent}${scalar(value)}`];
}

/** YAML text of a JSON value. */
export function toYaml(value: unknown): string {
  return `${emit(value, '').join('\n')}\n`;
}

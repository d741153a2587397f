/**
 * Mapping a production trace's input keys onto a prompt's placeholder names, as `dataset collect`
 * does: an explicit mapping first (`input_mapping` in datasets/<name>/config.yaml, trace key →
 * placeholder, the key may be a dotted path), then keys equal to a placeholder, then keys equal
 * after ignoring case and `_`/`-` (userQuery → user_query), then a lone key onto a lone placeholder.
 */

/** What the mapping produced. */
export interface InputMappingResult {
  /** The inputs keyed by placeholder (only placeholders; all keys when no placeholders are known). */
  inputs: Record<string, unknown>;
  /** Placeholders left without a value: a mismatch. */
  missing: string[];
  /** Trace input keys that fed no placeholder. */
  unused: string[];
  /** Mappings made by the name rules rather than by exact name or explicit mapping. */
  automatic: Array<{ from: string; to: string }>;
}

const normalize = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

function getPath(input: Record<string, unknown>, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(input, path)) return input[path];
  let value: unknown = input;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    if (!Object.prototype.hasOwnProperty.call(record, key)) return undefined;
    value = record[key];
  }
  return value;
}

/** Maps `input` onto `placeholders` (see the module comment). */
export function mapInputToPlaceholders(
  input: Record<string, unknown>,
  placeholders: string[],
  mapping: Record<string, string> = {},
): InputMappingResult {
  const keys = Object.keys(input);
  const used = new Set<string>();
  const automatic: Array<{ from: string; to: string }> = [];
  const inputs: Record<string, unknown> = {};
  for (const [from, to] of Object.entries(mapping)) {
    const value = getPath(input, from);
    if (value === undefined) continue;
    inputs[to] = value;
    used.add(from.split('.')[0]);
    if (Object.prototype.hasOwnProperty.call(input, from)) used.add(from);
  }
  if (placeholders.length === 0) {
    for (const key of keys) if (!used.has(key) && !(key in inputs)) inputs[key] = input[key];
    return { inputs, missing: [], unused: [], automatic };
  }
  const open = () => placeholders.filter((p) => !(p in inputs));
  const free = () => keys.filter((k) => !used.has(k));
  for (const p of open()) {
    if (Object.prototype.hasOwnProperty.call(input, p) && !used.has(p)) {
      inputs[p] = input[p];
      used.add(p);
    }
  }
  for (const p of open()) {
    const match = free().filter((k) => normalize(k) === normalize(p));
    if (match.length === 1) {
      inputs[p] = input[match[0]];
      used.add(match[0]);
      automatic.push({ from: match[0], to: p });
    }
  }
  const left = open();
  const rest = free();
  if (placeholders.length === 1 && left.length === 1 && keys.length === 1 && rest.length === 1) {
    inputs[left[0]] = input[rest[0]];
    used.add(rest[0]);
    automatic.push({ from: rest[0], to: left[0] });
  }
  const ordered: Record<string, unknown> = {};
  for (const p of placeholders) if (p in inputs) ordered[p] = inputs[p];
  return { inputs: ordered, missing: open(), unused: free(), automatic };
}

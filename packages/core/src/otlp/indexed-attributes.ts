import { isRecord } from './otlp-values.js';

const MAX_PATH_SEGMENTS = 32;

/** A list rebuilt from indexed flat attributes, with the keys it was rebuilt from. */
export interface IndexedList {
  items: unknown[];
  keys: string[];
}

/**
 * Rebuilds a list from flattened indexed attributes such as `llm.input_messages.0.message.role`
 * or `gen_ai.prompt.1.content` (prefix `llm.input_messages.` / `gen_ai.prompt.`): each index
 * becomes one object, dotted remainders nest, numeric segments become arrays, and a lone
 * `message` wrapper (OpenInference) is unwrapped. Undefined when no key matches.
 */
export function collectIndexed(attributes: Record<string, unknown>, prefix: string): IndexedList | undefined {
  const byIndex = new Map<number, Record<string, unknown>>();
  const keys: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const match = /^(\d+)\.(.+)$/.exec(rest);
    if (!match || match[2].split('.').length > MAX_PATH_SEGMENTS) continue;
    const index = Number(match[1]);
    let item = byIndex.get(index);
    if (!item) byIndex.set(index, (item = {}));
    if (setPath(item, match[2].split('.'), value)) keys.push(key);
  }
  if (keys.length === 0) return undefined;
  const items = [...byIndex.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, item]) => unwrapMessage(arraysFromNumericKeys(item)));
  return { items, keys };
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): boolean {
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const next = node[path[i]];
    if (next === undefined) node = node[path[i]] = {} as Record<string, unknown>;
    else if (isRecord(next)) node = next;
    else return false;
  }
  const last = path[path.length - 1];
  if (last === '' || node[last] !== undefined) return false;
  node[last] = value;
  return true;
}

function arraysFromNumericKeys(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const entries = Object.entries(value).map(([k, v]) => [k, arraysFromNumericKeys(v)] as const);
  if (entries.length > 0 && entries.every(([k]) => /^\d+$/.test(k))) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  }
  return Object.fromEntries(entries);
}

function unwrapMessage(item: unknown): unknown {
  if (isRecord(item)) {
    const keys = Object.keys(item);
    if (keys.length === 1 && keys[0] === 'message') return item.message;
  }
  return item;
}

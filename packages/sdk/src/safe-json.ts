/**
 * JSON serialisation that cannot fail the export: plain `JSON.stringify` first, then a tolerant
 * pass (cycles, BigInt, Error objects), then per-field replacement of what still throws.
 */

function tolerantReplacer(): (key: string, value: unknown) => unknown {
  const seen = new WeakSet<object>();
  return (_key, value) => {
    if (typeof value === 'bigint') return value.toString();
    if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
    if (value !== null && typeof value === 'object') {
      if (seen.has(value)) return '[circular]';
      seen.add(value);
    }
    return value;
  };
}

/** Stringifies `value`, tolerating cycles, BigInt and Errors; throws only if a getter or toJSON does. */
export function tolerantStringify(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(value, tolerantReplacer());
  }
}

/**
 * Returns a copy of `item` in which every field that cannot be serialised is replaced by a short
 * marker string; plain objects that fail are descended into so only the bad leaf is lost.
 */
export function sanitizeItem(item: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(item)) {
    let value: unknown;
    try {
      value = item[key];
      tolerantStringify(value);
      out[key] = value;
    } catch (error) {
      const plain =
        value !== null &&
        typeof value === 'object' &&
        Object.getPrototypeOf(value) === Object.prototype &&
        typeof (value as { toJSON?: unknown }).toJSON !== 'function';
      out[key] =
        plain && depth < 4
          ? sanitizeItem(value as Record<string, unknown>, depth + 1)
          : `[unserializable: ${error instanceof Error ? error.message : String(error)}]`;
    }
  }
  return out;
}

/** Serialises one object, sanitising the fields that fail. */
export function stringifyObject(value: Record<string, unknown>): string {
  try {
    return tolerantStringify(value);
  } catch {
    return tolerantStringify(sanitizeItem(value));
  }
}

/** Serialises `{[field]: items}` (plus `extra`), sanitising only the items that fail. */
export function stringifyBatch(field: string, items: Record<string, unknown>[], extra?: Record<string, unknown>): string {
  try {
    return tolerantStringify({ ...extra, [field]: items });
  } catch {
    const safe = items.map((item) => {
      try {
        tolerantStringify(item);
        return item;
      } catch {
        return sanitizeItem(item);
      }
    });
    return tolerantStringify({ ...extra, [field]: safe });
  }
}

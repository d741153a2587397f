/** The shape every locale must have: the same keys as the English resources, with string values. */
export type LocaleShape<T> = { [K in keyof T]: T[K] extends string ? string : LocaleShape<T[K]> };

/** Every key of a nested resource object, dotted (`traces.filters.status`). */
export function flattenKeys(resource: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(resource).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flattenKeys(value as Record<string, unknown>, `${prefix}${key}.`),
  );
}

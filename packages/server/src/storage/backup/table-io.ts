/**
 * The storage side of `tracehub backup` / `tracehub restore` (backup/backup.ts): a consistent
 * snapshot of every table of a store, read as rows of plain JSON values, and a loader that writes
 * such rows into an empty store of either backend in one transaction, converting each value to the
 * target column's type (booleans, JSON, 64-bit integers, non-finite floats, blobs).
 */

/** A table as the archive carries it: its columns in order, with the source backend's type names. */
export interface TableShape {
  name: string;
  columns: Array<{ name: string; type: string }>;
}

/** A consistent, read-only snapshot of a store. */
export interface SnapshotSource {
  backend: 'sqlite' | 'postgres';
  /** Applied migrations (the schema version), sorted. */
  migrations: string[];
  tables: TableShape[];
  /** The table's rows, values in `columns` order, already in archive form ({@link toArchiveValue}). */
  rows(table: TableShape): AsyncIterable<unknown[]>;
  close(): Promise<void>;
}

/** One table to load: its archived columns and rows. */
export interface LoadTable {
  name: string;
  columns: string[];
  rows: AsyncIterable<unknown[]>;
}

/** An (empty) store to restore into. */
export interface RestoreTarget {
  backend: 'sqlite' | 'postgres';
  /** Tables (of those a backup carries) that hold at least one row. */
  nonEmptyTables(): Promise<string[]>;
  /** Loads every table in one transaction: all or nothing. Answers rows loaded per table. */
  load(tables: LoadTable[]): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** Tables a backup never carries: the migration bookkeeping (the manifest carries the schema version). */
export const UNARCHIVED_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/** A value the archive's JSON cannot hold as itself: a non-finite float or a 64-bit integer beyond 2^53, a blob. */
type Tagged = { $num: string } | { $int: string } | { $base64: string };

/** A database value as the archive writes it (JSON-safe, lossless). */
export function toArchiveValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : ({ $int: value.toString() } satisfies Tagged);
  if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) } satisfies Tagged;
  if (Buffer.isBuffer(value)) return { $base64: value.toString('base64') } satisfies Tagged;
  return value;
}

/** How a target column stores values. */
export type ColumnClass = 'bool' | 'int' | 'float' | 'text' | 'json' | 'blob' | 'any';

/** An archived value converted for a target column of `cls`; `sqlite` = no booleans, big integers as BigInt. */
export function fromArchiveValue(value: unknown, cls: ColumnClass, backend: 'sqlite' | 'postgres'): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const tagged = value as Partial<Record<'$num' | '$int' | '$base64', string>>;
    if (typeof tagged.$num === 'string') return backend === 'sqlite' ? Number(tagged.$num) : tagged.$num;
    if (typeof tagged.$int === 'string' && /^-?\d+$/.test(tagged.$int)) return backend === 'sqlite' ? BigInt(tagged.$int) : tagged.$int;
    if (typeof tagged.$base64 === 'string') return Buffer.from(tagged.$base64, 'base64');
    throw new Error(`unexpected value ${JSON.stringify(value).slice(0, 80)}`);
  }
  if (cls === 'bool') return backend === 'sqlite' ? (value === true || value === 1 ? 1 : 0) : value === true || value === 1 || value === '1';
  if (typeof value === 'boolean') return backend === 'sqlite' ? (value ? 1 : 0) : value;
  if (cls === 'json' && typeof value !== 'string') return JSON.stringify(value);
  return value;
}

/** Orders tables so every table comes after those its foreign keys reference (cycles keep their order). */
export function orderByDependencies(names: string[], references: Array<{ table: string; references: string }>): string[] {
  const pending = new Set(names);
  const ordered: string[] = [];
  const visit = (name: string, path: Set<string>): void => {
    if (!pending.has(name) || path.has(name)) return;
    path.add(name);
    for (const ref of references) if (ref.table === name && ref.references !== name) visit(ref.references, path);
    path.delete(name);
    if (pending.delete(name)) ordered.push(name);
  };
  for (const name of names) visit(name, new Set());
  return ordered;
}

/** SQL identifiers the archive may name: lower-case snake case (validated before any SQL is built). */
export const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** `"name"` for an identifier already checked against {@link IDENTIFIER}. */
export const quoteIdent = (name: string): string => {
  if (!IDENTIFIER.test(name)) throw new Error(`invalid identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
};

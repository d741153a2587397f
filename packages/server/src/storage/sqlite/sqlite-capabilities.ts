/** The SQLite dialect capabilities (see sql/sql-capabilities.ts). */
import { sql } from 'kysely';
import { likeContains, type SqlCapabilities } from '../sql/sql-capabilities.js';

/** SQLite: FTS5 trigram search, JSON tags through json_each, booleans as 0/1, one writer (no row locks). */
export const sqliteCapabilities: SqlCapabilities = {
  // SQLite's LIKE already ignores the case of ASCII letters.
  like: (column, term) => likeContains(column, term, 'like'),
  traceTextMatch(term) {
    // The trigram index answers terms of three or more characters; shorter ones scan with LIKE, and
    // so do terms with a NUL character, which FTS5's query parser reads as the end of the query.
    if ([...term].length >= 3 && !term.includes('\u0000')) {
      const phrase = `"${term.replace(/"/g, '""')}"`;
      return sql<boolean>`t.rowid in (select rowid from traces_fts where traces_fts match ${phrase})`;
    }
    const like = sqliteCapabilities.like;
    return sql<boolean>`(${like('t.name', term)} or ${like('t.input_text', term)} or ${like('t.output_text', term)})`;
  },
  traceHasTag(tag) {
    return sql<boolean>`exists (select 1 from json_each(t.tags) where json_each.value = ${tag})`;
  },
  // json_each compares the key as a value (no JSON path, so no quoting of dots or quotes); a
  // boolean's value is 0/1, so its type name ('true'/'false') is its text.
  traceAttributeEquals(key, value) {
    return sql<boolean>`exists (select 1 from json_each(t.attributes) where json_each.key = ${key}
      and (case when json_each.type in ('true', 'false') then json_each.type else cast(json_each.value as text) end) = ${value})`;
  },
  // SQLite sorts NULL first: DESC already puts nulls last; ASC needs the extra term.
  orderNullsLast: (column, direction) =>
    direction === 'desc' ? [sql`${sql.ref(column)} desc`] : [sql`${sql.ref(column)} is null`, sql`${sql.ref(column)} asc`],
  bool: (value) => (value ? 1 : 0),
  rowLocks: false,
  lockTrace: async () => undefined, // BEGIN IMMEDIATE already holds the database's write lock
};

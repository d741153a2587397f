/** Parsing of input (request bodies, queries, parameters, command arguments) with the core schemas. */
import type { z } from 'zod';
import { describeZodError, summarizeIssues } from '@tracehub/core';
import { InvalidError } from './domain-errors.js';

/** Parses `data` with `schema`; a mismatch is an InvalidError that names each field (prefixed by `where`). */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, where?: 'query' | 'params'): z.output<S> {
  const result = schema.safeParse(data ?? (where ? {} : undefined));
  if (result.success) return result.data;
  const issues = describeZodError(result.error).map((i) => ({ ...i, path: where ? `${where}.${i.path}` : i.path }));
  throw new InvalidError(summarizeIssues(issues), { issues });
}

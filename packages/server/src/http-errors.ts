/** Errors that become 4xx answers, and parsing of request parts with the core schemas. */
import type { z } from 'zod';
import { describeZodError, summarizeIssues, type FieldIssue } from '@tracehub/core';

/** An expected failure with the HTTP status and machine-readable code to answer with. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
  }
}

/** 404 with a message naming what was not found. */
export const notFound = (message: string) => new HttpError(404, 'not_found', message);

/** Parses `data` with `schema`; a mismatch becomes a 400 that names each field (prefixed by `where`). */
export function parseWith<S extends z.ZodType>(schema: S, data: unknown, where?: 'query' | 'params'): z.output<S> {
  const result = schema.safeParse(data ?? (where ? {} : undefined));
  if (result.success) return result.data;
  const issues = describeZodError(result.error).map((i) => ({ ...i, path: where ? `${where}.${i.path}` : i.path }));
  throw new HttpError(400, 'validation_error', summarizeIssues(issues), issues);
}

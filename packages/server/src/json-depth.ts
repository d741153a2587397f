/**
 * One nesting limit for every JSON body (docs/security.md, "Input limits"). Checked right after
 * parsing with an explicit stack, so a body nested thousands of levels deep is a 400 before any
 * recursive code (schemas, merge patch, serialisers) sees it.
 */
import type { FastifyInstance } from 'fastify';
import { InvalidError } from './domain-errors.js';

/**
 * Deepest JSON body accepted: 128 levels of objects and arrays, counting the body itself. Generous
 * for real payloads (a LangGraph state inside a node inside a run leaves ~124 levels to the state).
 */
export const MAX_JSON_DEPTH = 128;

/** Deepest decoded OTLP request accepted: each nested attribute value costs about four levels. */
export const MAX_OTLP_JSON_DEPTH = 4 * MAX_JSON_DEPTH;

/** Whether `value` nests objects/arrays more than `max` levels deep (the top level is 1). Never recurses. */
export function jsonDepthExceeds(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const nodes: object[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop() as object;
    const depth = depths.pop() as number;
    if (depth > max) return true;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (typeof child === 'object' && child !== null) {
          nodes.push(child);
          depths.push(depth + 1);
        }
      }
      continue;
    }
    // for…in visits the own enumerable keys of JSON.parse output without allocating a key array.
    for (const key in node) {
      const child = (node as Record<string, unknown>)[key];
      if (typeof child === 'object' && child !== null) {
        nodes.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}

/** The error (code `json_too_deep`) for a body nested deeper than `max` levels. */
export function jsonTooDeepError(max: number = MAX_JSON_DEPTH): InvalidError {
  return new InvalidError(`The JSON body is nested more than ${max} levels deep; flatten it or send deep values as JSON text.`, {
    code: 'json_too_deep',
  });
}

/**
 * Replaces the app's `application/json` parser with Fastify's default one (prototype-poisoning
 * checks, empty-body errors) followed by the depth check. Plugins that install their own JSON
 * parser call jsonDepthExceeds themselves.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseDefault = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseDefault(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(error, undefined);
      if (jsonDepthExceeds(value)) return done(jsonTooDeepError(), undefined);
      done(null, value);
    });
  });
}

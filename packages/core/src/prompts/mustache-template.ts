/**
 * Mustache templates (`{{name}}`) rendered with the `mustache` package and HTML escaping off, so
 * `{{answer}}` inserts the text as given. Variables outside sections are required: a missing one is
 * a problem that names it. Section tags (`{{#items}}…{{/items}}`, `{{^x}}`) are optional, as
 * Mustache conditionals are; names inside a section resolve against the section's context.
 */
import Mustache from 'mustache';
import { missingVariables, type RenderResult } from './template-problem.js';

type Token = [string, string, number, number, Token[]?, number?];

function parse(template: string): RenderResult<Token[]> {
  try {
    return { ok: true, value: Mustache.parse(template) as unknown as Token[] };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = /at (\d+)/.exec(message);
    return {
      ok: false,
      problem: { kind: 'invalid_template', message: `Invalid Mustache template: ${message}.`, ...(at ? { position: Number(at[1]) } : {}) },
    };
  }
}

const VARIABLE_TOKENS = new Set(['name', '&', '{']);
const SECTION_TOKENS = new Set(['#', '^']);

/** Top-level variable tokens (name, full dotted path) and section names, in order. */
function topLevel(tokens: Token[]): { required: string[]; all: string[] } {
  const required: string[] = [];
  const all: string[] = [];
  for (const [type, value] of tokens) {
    if (value === '.' || (!VARIABLE_TOKENS.has(type) && !SECTION_TOKENS.has(type))) continue;
    const root = value.split('.')[0];
    if (!all.includes(root)) all.push(root);
    if (VARIABLE_TOKENS.has(type) && !required.includes(value)) required.push(value);
  }
  return { required, all };
}

function lookup(variables: Record<string, unknown>, path: string): unknown {
  let value: unknown = variables;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Checks the template parses. */
export function checkMustache(template: string): RenderResult<null> {
  const parsed = parse(template);
  return parsed.ok ? { ok: true, value: null } : parsed;
}

/** Renders with HTML escaping off; objects render as JSON text. */
export function renderMustache(template: string, variables: Record<string, unknown>): RenderResult {
  const parsed = parse(template);
  if (!parsed.ok) return parsed;
  const missing = topLevel(parsed.value).required.filter((path) => lookup(variables, path) === undefined);
  if (missing.length) return { ok: false, problem: missingVariables(missing) };
  const escape = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  return { ok: true, value: Mustache.render(template, variables, {}, { escape }) };
}

/** The top-level names a template uses (variables and sections), in first-use order. */
export function mustacheVariables(template: string): string[] {
  const parsed = parse(template);
  return parsed.ok ? topLevel(parsed.value).all : [];
}

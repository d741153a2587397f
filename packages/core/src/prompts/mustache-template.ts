/**
 * Mustache templates (`{{name}}`) rendered with the `mustache` package and HTML escaping off, so
 * `{{answer}}` inserts the text as given. Variables outside sections are required: a missing one is
 * a problem that names it. Section tags (`{{#items}}…{{/items}}`, `{{^x}}`) are optional, as
 * Mustache conditionals are; names inside a section resolve against the section's context.
 */
import Mustache from 'mustache';
import { missingVariables, tooLarge, type RenderResult } from './template-problem.js';
import { DEFAULT_RENDER_LIMITS, RenderBudget, RenderLimitError } from './render-budget.js';

type Token = [string, string, number, number, Token[]?, number?];
type WriterArgs<M extends keyof Mustache.Writer> = Mustache.Writer[M] extends (...args: infer A) => unknown ? A : never;

/**
 * A Mustache writer that counts its work: every token visited (a section's tokens once per
 * repetition) and every character produced is charged to `budget`, which stops the render at its
 * limits. It keeps no template cache (the default writer caches every template it ever saw).
 */
class BoundedWriter extends Mustache.Writer {
  constructor(private readonly budget: RenderBudget) {
    super();
    (this as unknown as { templateCache: undefined }).templateCache = undefined;
  }

  override renderTokens(...args: WriterArgs<'renderTokens'>): string {
    this.budget.addSteps(args[0].length);
    return super.renderTokens(...args);
  }

  override rawValue(...args: WriterArgs<'rawValue'>): string {
    return this.charge(super.rawValue(...args));
  }

  override escapedValue(...args: WriterArgs<'escapedValue'>): string {
    return this.charge(super.escapedValue(...args));
  }

  override unescapedValue(...args: WriterArgs<'unescapedValue'>): string {
    return this.charge(super.unescapedValue(...args));
  }

  private charge(value: string | undefined): string {
    if (value != null) this.budget.addOutput(String(value).length);
    return value as string;
  }
}

/** Deepest section nesting of parsed tokens, walked without recursion. */
function sectionDepth(tokens: Token[]): number {
  let deepest = 0;
  const stack: Array<[Token[], number]> = [[tokens, 0]];
  while (stack.length > 0) {
    const [list, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const token of list) if (token[4]) stack.push([token[4], depth + 1]);
  }
  return deepest;
}

function parse(template: string, maxSectionDepth = DEFAULT_RENDER_LIMITS.maxSectionDepth): RenderResult<Token[]> {
  try {
    const tokens = new BoundedWriter(new RenderBudget()).parse(template) as unknown as Token[];
    if (sectionDepth(tokens) > maxSectionDepth) {
      return { ok: false, problem: { kind: 'invalid_template', message: `Invalid Mustache template: sections are nested deeper than ${maxSectionDepth} levels.` } };
    }
    return { ok: true, value: tokens };
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

/**
 * Renders with HTML escaping off; objects render as JSON text. The work is charged to `budget`
 * (default: a fresh one with DEFAULT_RENDER_LIMITS); past its limits the answer is a `too_large` problem.
 */
export function renderMustache(template: string, variables: Record<string, unknown>, budget = new RenderBudget()): RenderResult {
  const parsed = parse(template, budget.limits.maxSectionDepth);
  if (!parsed.ok) return parsed;
  const missing = topLevel(parsed.value).required.filter((path) => lookup(variables, path) === undefined);
  if (missing.length) return { ok: false, problem: missingVariables(missing) };
  const escape = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  const writer = new BoundedWriter(budget);
  try {
    return { ok: true, value: writer.renderTokens(parsed.value as unknown as string[][], new Mustache.Context(variables), {}, template, { escape }) };
  } catch (error) {
    if (error instanceof RenderLimitError) return { ok: false, problem: tooLarge(error.message) };
    throw error;
  }
}

/** The top-level names a template uses (variables and sections), in first-use order. */
export function mustacheVariables(template: string): string[] {
  const parsed = parse(template);
  return parsed.ok ? topLevel(parsed.value).all : [];
}

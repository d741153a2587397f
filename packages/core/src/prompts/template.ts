/** Template formats behind one interface: check, list variables, render. */
import { fstringVariables, parseFString, renderFString } from './fstring-template.js';
import { checkMustache, mustacheVariables, renderMustache } from './mustache-template.js';
import type { RenderResult } from './template-problem.js';
import { RenderBudget } from './render-budget.js';

/** `fstring` = Python str.format `{var}`; `mustache` = `{{var}}`. */
export type TemplateFormat = 'fstring' | 'mustache';

/** The variables `template` uses, in first-use order (empty when it does not parse). */
export function listVariables(template: string, format: TemplateFormat): string[] {
  return format === 'fstring' ? fstringVariables(template) : mustacheVariables(template);
}

/** Checks that `template` parses in `format`. */
export function checkTemplate(template: string, format: TemplateFormat): RenderResult<null> {
  if (format === 'mustache') return checkMustache(template);
  const parsed = parseFString(template);
  return parsed.ok ? { ok: true, value: null } : parsed;
}

/**
 * Renders `template` with named `variables`; a missing variable is a problem that names it. The
 * work is charged to `budget` (default: a fresh one with DEFAULT_RENDER_LIMITS).
 */
export function renderTemplate(template: string, format: TemplateFormat, variables: Record<string, unknown>, budget = new RenderBudget()): RenderResult {
  return format === 'fstring' ? renderFString(template, variables, budget) : renderMustache(template, variables, budget);
}

/** Outcomes of parsing and rendering prompt templates: values, not exceptions. */

/**
 * Why a template could not be used: bad syntax, variables the caller did not give, or a render
 * that would exceed its limits (`too_large`, see render-budget.ts).
 */
export interface TemplateProblem {
  kind: 'invalid_template' | 'missing_variables' | 'too_large';
  /** One sentence that says what was wrong and what to do. */
  message: string;
  /** The missing variables (kind `missing_variables`), in template order. */
  variables?: string[];
  /** Offset in the template of the syntax error (kind `invalid_template`). */
  position?: number;
}

/** A rendered template, or the problem that stopped it. */
export type RenderResult<T = string> = { ok: true; value: T } | { ok: false; problem: TemplateProblem };

/** The problem for `names` missing from the variables. */
export function missingVariables(names: string[]): TemplateProblem {
  const list = names.map((n) => `"${n}"`).join(', ');
  return {
    kind: 'missing_variables',
    message: `Missing template variable${names.length > 1 ? 's' : ''} ${list}; pass ${names.length > 1 ? 'them' : 'it'} in the variables.`,
    variables: names,
  };
}

/** Line and column (1-based) of `offset` in `text`, as "line L, column C". */
export function describeOffset(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** The problem for a render stopped by its limits. */
export function tooLarge(message: string): TemplateProblem {
  return { kind: 'too_large', message };
}

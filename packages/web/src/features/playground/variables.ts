/** Variable names of an edited template, and variable values taken from a dataset item or a trace. */
import type { PromptDraft } from './types';

const FSTRING = /(?<!\{)\{\s*([A-Za-z_][\w.]*)\s*\}(?!\})/g;
const MUSTACHE = /\{\{\s*[#^/&]?\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/** The variables the draft's template uses, in order of first use. */
export function templateVariables(draft: PromptDraft): string[] {
  const text = draft.type === 'text' ? draft.text : draft.messages.map((m) => m.content).join('\n');
  const pattern = draft.format === 'mustache' ? MUSTACHE : FSTRING;
  return [...new Set([...text.matchAll(pattern)].map((m) => m[1].split('.')[0]))];
}

const asText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Values for `names` from an input: an object's fields of the same names, else (a string or a value
 * without matching fields) the whole input into the first variable.
 */
export function valuesFrom(input: unknown, names: string[]): Record<string, string> {
  let value = input;
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === 'object') value = parsed;
    } catch {
      // plain text
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const fields = value as Record<string, unknown>;
    const found = Object.fromEntries(names.filter((n) => fields[n] !== undefined && fields[n] !== null).map((n) => [n, asText(fields[n])]));
    if (Object.keys(found).length > 0) return found;
  }
  return names.length && input !== undefined && input !== null ? { [names[0]]: asText(input) } : {};
}

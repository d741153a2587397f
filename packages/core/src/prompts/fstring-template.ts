/**
 * Python `str.format` templates (`{name}`), parsed exactly as Python parses them: `{{` and `}}`
 * are literal braces, a single `}` is an error, `{user.name}` and `{items[0]}` reach into values.
 * Only named fields are supported; positional fields (`{}`, `{0}`), conversions other than `!s`
 * and format specs (`{x:>10}`) are reported as problems so a prompt never renders differently
 * from Python.
 */
import { describeOffset, missingVariables, tooLarge, type RenderResult, type TemplateProblem } from './template-problem.js';
import { RenderBudget, RenderLimitError } from './render-budget.js';

/** One replacement field of an f-string template. */
export interface FStringField {
  /** The variable name (the part before any `.attr` or `[key]`). */
  name: string;
  /** Attribute and index steps after the name, in order. */
  path: string[];
  /** The whole field text between the braces, for messages. */
  raw: string;
  /** Offset of the opening brace. */
  position: number;
}

/** A parsed template: literal text and fields in order. */
export type FStringSegment = { text: string } | { field: FStringField };

const invalid = (template: string, position: number, what: string): { ok: false; problem: TemplateProblem } => ({
  ok: false,
  problem: {
    kind: 'invalid_template',
    message: `${what} at ${describeOffset(template, position)}; write {{ and }} for literal braces.`,
    position,
  },
});

function parseFieldName(template: string, raw: string, position: number): RenderResult<FStringField> {
  const match = /^[^.[]*/.exec(raw);
  const name = match ? match[0] : '';
  if (name === '' || /^\d+$/.test(name)) {
    return invalid(template, position, `Positional field {${raw}} is not supported (name the variable, e.g. {question})`);
  }
  const path: string[] = [];
  let i = name.length;
  while (i < raw.length) {
    if (raw[i] === '.') {
      const end = raw.slice(i + 1).search(/[.[]/);
      const attr = end < 0 ? raw.slice(i + 1) : raw.slice(i + 1, i + 1 + end);
      if (!attr) return invalid(template, position, `Empty attribute in field {${raw}}`);
      path.push(attr);
      i += 1 + attr.length;
    } else if (raw[i] === '[') {
      const close = raw.indexOf(']', i);
      if (close < 0) return invalid(template, position, `Missing ']' in field {${raw}}`);
      const key = raw.slice(i + 1, close);
      if (!key) return invalid(template, position, `Empty index in field {${raw}}`);
      path.push(key);
      i = close + 1;
      if (i < raw.length && raw[i] !== '.' && raw[i] !== '[') {
        return invalid(template, position, `Only '.' or '[' may follow ']' in field {${raw}}`);
      }
    } else {
      return invalid(template, position, `Unexpected character in field {${raw}}`);
    }
  }
  return { ok: true, value: { name, path, raw, position } };
}

/** Reads one field starting after its `{` at `start`; answers the field and the offset after its `}`. */
function parseField(template: string, open: number): RenderResult<{ field: FStringField; next: number }> {
  let i = open + 1;
  let fieldEnd = -1;
  let bracket = false;
  // The field name: up to '!' or ':' or '}' (anything goes inside [...]).
  for (; i < template.length; i++) {
    const c = template[i];
    if (bracket) {
      if (c === ']') bracket = false;
      continue;
    }
    if (c === '[') bracket = true;
    else if (c === '{') return invalid(template, i, "Unexpected '{' in field name");
    else if (c === '}' || c === '!' || c === ':') {
      fieldEnd = i;
      break;
    }
  }
  if (fieldEnd < 0) return invalid(template, open, "Expected '}' before end of string");
  const raw = template.slice(open + 1, fieldEnd);
  let conversion = '';
  let spec = '';
  i = fieldEnd;
  if (template[i] === '!') {
    if (i + 1 >= template.length) return invalid(template, open, "Expected '}' before end of string");
    conversion = template[i + 1];
    i += 2;
    if (template[i] !== ':' && template[i] !== '}') {
      return invalid(template, open, "Expected ':' after conversion specifier");
    }
  }
  if (template[i] === ':') {
    // The format spec may hold nested {fields}; count braces to find the end.
    let depth = 1;
    const specStart = i + 1;
    for (i = specStart; i < template.length; i++) {
      if (template[i] === '{') depth++;
      else if (template[i] === '}' && --depth === 0) break;
    }
    if (depth !== 0) return invalid(template, open, "Expected '}' before end of string");
    spec = template.slice(specStart, i);
  }
  if (template[i] !== '}') return invalid(template, open, "Expected '}' before end of string");
  const named = parseFieldName(template, raw, open);
  if (!named.ok) return named;
  if (conversion && conversion !== 's') {
    const what = conversion === 'r' || conversion === 'a' ? 'is not supported' : 'is not a conversion';
    return invalid(template, open, `Conversion !${conversion} in field {${template.slice(open + 1, i)}} ${what}`);
  }
  if (spec) return invalid(template, open, `Format spec ":${spec}" in field {${template.slice(open + 1, i)}} is not supported`);
  return { ok: true, value: { field: named.value, next: i + 1 } };
}

/** Parses a template into literal text and fields, or the first syntax problem (as Python reports it). */
export function parseFString(template: string): RenderResult<FStringSegment[]> {
  const segments: FStringSegment[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c === '{') {
      if (template[i + 1] === '{') {
        text += '{';
        i += 2;
        continue;
      }
      if (i + 1 >= template.length) return invalid(template, i, "Single '{' encountered");
      const parsed = parseField(template, i);
      if (!parsed.ok) return parsed;
      if (text) segments.push({ text });
      text = '';
      segments.push({ field: parsed.value.field });
      i = parsed.value.next;
    } else if (c === '}') {
      if (template[i + 1] !== '}') return invalid(template, i, "Single '}' encountered");
      text += '}';
      i += 2;
    } else {
      const next = template.slice(i).search(/[{}]/);
      const end = next < 0 ? template.length : i + next;
      text += template.slice(i, end);
      i = end;
    }
  }
  if (text) segments.push({ text });
  return { ok: true, value: segments };
}

/** A value as Python's str() shows scalars; objects and arrays as JSON text. */
function formatFStringValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function step(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) return /^\d+$/.test(key) ? value[Number(key)] : undefined;
  return Object.prototype.hasOwnProperty.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Renders with named variables; every missing variable is named in the problem. Output is charged
 * to `budget` (default: DEFAULT_RENDER_LIMITS); past its limit the answer is a `too_large` problem.
 */
export function renderFString(template: string, variables: Record<string, unknown>, budget = new RenderBudget()): RenderResult {
  const parsed = parseFString(template);
  if (!parsed.ok) return parsed;
  try {
    return renderSegments(parsed.value, variables, budget);
  } catch (error) {
    if (error instanceof RenderLimitError) return { ok: false, problem: tooLarge(error.message) };
    throw error;
  }
}

function renderSegments(segments: FStringSegment[], variables: Record<string, unknown>, budget: RenderBudget): RenderResult {
  const missing: string[] = [];
  let out = '';
  for (const segment of segments) {
    if ('text' in segment) {
      budget.addOutput(segment.text.length);
      out += segment.text;
      continue;
    }
    const { name, path, raw } = segment.field;
    let value = Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined;
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
      continue;
    }
    for (const key of path) value = step(value, key);
    if (value === undefined) {
      if (!missing.includes(raw)) missing.push(raw);
      continue;
    }
    const text = formatFStringValue(value);
    budget.addOutput(text.length);
    out += text;
  }
  return missing.length ? { ok: false, problem: missingVariables(missing) } : { ok: true, value: out };
}

/** The variable names a template uses, in first-use order (empty when it does not parse). */
export function fstringVariables(template: string): string[] {
  const parsed = parseFString(template);
  if (!parsed.ok) return [];
  const names: string[] = [];
  for (const segment of parsed.value) {
    if ('field' in segment && !names.includes(segment.field.name)) names.push(segment.field.name);
  }
  return names;
}

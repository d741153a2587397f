/**
 * Where things are in a JSON text, read with jsonc-parser's visitor in strict JSON mode (no
 * comments, no trailing commas): the offset of the first syntax error, and the offsets of the
 * top-level array elements or object keys, so file errors can name a line and column (JSON.parse
 * does not always say where it failed).
 */
import { printParseErrorCode, visit } from 'jsonc-parser';

/** Where the top-level parts of a valid JSON text start. */
export interface JsonLayout {
  /** Start offset of each element when the top level is an array. */
  elements: number[];
  /** Start offset of each key when the top level is an object (the last one wins on duplicates). */
  keys: Map<string, number>;
}

/** The scan result: the layout, or the first syntax error. */
export type JsonScan = { ok: true; layout: JsonLayout } | { ok: false; offset: number; message: string };

/** What the parser wanted where it found something else ("expected X but found Y"). */
const EXPECTED: Record<string, string> = {
  ValueExpected: 'a JSON value',
  PropertyNameExpected: 'a double-quoted property name',
  ColonExpected: "':' after a property name",
  CloseBraceExpected: "',' or '}'",
  CloseBracketExpected: "',' or ']'",
  EndOfFileExpected: 'the end of the file',
};

/** Errors inside one token (a string or a number). */
const TOKEN_ERRORS: Record<string, string> = {
  UnexpectedEndOfString: 'unterminated string',
  InvalidCharacter: 'control character inside a string (write it as \\n or \\t)',
  InvalidEscapeCharacter: 'bad escape in a string',
  InvalidUnicode: 'bad \\u escape in a string',
  UnexpectedEndOfNumber: 'unfinished number',
  InvalidNumberFormat: 'bad number',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
};

/** Scans `text` (a leading byte-order mark is allowed). */
export function scanJson(text: string): JsonScan {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  const layout: JsonLayout = { elements: [], keys: new Map() };
  // Open containers ('{' or '['), whether an object waits for a key, whether a value just ended,
  // whether the top value ended.
  const open: string[] = [];
  let wantKey = false;
  let afterValue = false;
  let topDone = false;
  let error: { offset: number; message: string } | undefined;

  const found = (at: number) => (at >= body.length ? 'the end of the file' : JSON.stringify(body[at]));
  const valueAt = (offset: number) => {
    afterValue = false;
    if (open.length === 1 && open[0] === '[') layout.elements.push(offset + bom);
  };
  const closed = () => {
    open.pop();
    wantKey = false;
    afterValue = true;
    if (open.length === 0) topDone = true;
  };

  visit(
    body,
    {
      onObjectBegin(offset) {
        valueAt(offset);
        open.push('{');
        wantKey = true;
      },
      onObjectProperty(property, offset) {
        if (open.length === 1) layout.keys.set(property, offset + bom);
        wantKey = false;
        afterValue = false;
      },
      onObjectEnd: closed,
      onArrayBegin(offset) {
        valueAt(offset);
        open.push('[');
      },
      onArrayEnd: closed,
      onLiteralValue(_value, offset) {
        valueAt(offset);
        afterValue = true;
        if (open.length === 0) topDone = true;
      },
      onSeparator(character) {
        afterValue = false;
        if (character === ',' && open.at(-1) === '{') wantKey = true;
      },
      onError(errorCode, offset) {
        if (error) return;
        // jsonc-parser's codes are a const enum; its names ('ValueExpected', ...) are the stable part.
        const code = printParseErrorCode(errorCode);
        let expected: string | undefined = EXPECTED[code];
        const comma = open.at(-1) === '{' ? "',' or '}'" : "',' or ']'";
        if (code === 'CommaExpected') expected = comma;
        if (code === 'InvalidSymbol') {
          if (topDone) expected = 'the end of the file';
          else if (afterValue) expected = comma;
          else expected = open.at(-1) === '{' && wantKey ? 'a double-quoted property name' : 'a JSON value';
        }
        const message = expected ? `expected ${expected} but found ${found(offset)}` : (TOKEN_ERRORS[code] ?? 'invalid JSON');
        error = { offset: offset + bom, message };
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  return error ? { ok: false, ...error } : { ok: true, layout };
}

/** "line L, column C" (1-based) of an offset. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let start = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      start = k + 1;
    }
  }
  return `line ${line}, column ${offset - start + 1}`;
}

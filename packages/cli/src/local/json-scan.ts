/**
 * A JSON syntax scanner that says where things are: the offset of the first syntax error, and the
 * offsets of the top-level array elements or object keys, so file errors can name a line and
 * column (JSON.parse does not always say where it failed).
 */

/** Where the top-level parts of a valid JSON text start. */
export interface JsonLayout {
  /** Start offset of each element when the top level is an array. */
  elements: number[];
  /** Start offset of each key when the top level is an object (the last one wins on duplicates). */
  keys: Map<string, number>;
}

/** The scan result: the layout, or the first syntax error. */
export type JsonScan = { ok: true; layout: JsonLayout } | { ok: false; offset: number; message: string };

class ScanError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Scans `text` (a leading byte-order mark is allowed). */
export function scanJson(text: string): JsonScan {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const layout: JsonLayout = { elements: [], keys: new Map() };

  const describe = (at: number) => (at >= text.length ? 'the end of the file' : `${JSON.stringify(text[at])}`);
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const expect = (what: string): never => {
    throw new ScanError(i, `expected ${what} but found ${describe(i)}`);
  };

  function string(): string {
    const start = i;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return JSON.parse(text.slice(start, i)) as string;
      }
      if (c < 0x20) throw new ScanError(i, 'control character inside a string (write it as \\n or \\t)');
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new ScanError(i, 'bad \\u escape in a string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new ScanError(i, `bad escape \\${e ?? ''} in a string`);
      } else i++;
    }
    throw new ScanError(start, 'unterminated string');
  }

  function value(depth: number): void {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') expect('a double-quoted property name');
        const keyStart = i;
        const key = string();
        if (depth === 0) layout.keys.set(key, keyStart);
        ws();
        if (text[i] !== ':') expect("':' after a property name");
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        expect("',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (depth === 0) layout.elements.push(i);
        value(depth + 1);
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        expect("',' or ']'");
      }
    }
    if (c === '"') {
      string();
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number && number[0].length > 0) {
      i += number[0].length;
      return;
    }
    expect('a JSON value');
  }

  try {
    value(0);
    ws();
    if (i < text.length) expect('the end of the file');
    return { ok: true, layout };
  } catch (error) {
    if (error instanceof ScanError) return { ok: false, offset: error.offset, message: error.message };
    throw error;
  }
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

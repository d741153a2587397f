/**
 * Arbitraries of the fuzz suite: hostile values (strings, numbers, times, ids, nesting), a mutator
 * that plants them into valid request bodies, and malformed raw bodies. Every arbitrary produces
 * the final request, so fast-check's counterexample is the request to replay.
 */
import fc from 'fast-check';

/** A JSON token written as is (e.g. `1e999`, which JSON.parse reads as Infinity). */
export class RawJson {
  constructor(readonly text: string) {}
  toJSON(): string {
    return `<raw ${this.text}>`;
  }
}

/** JSON text of `value`; RawJson tokens are written verbatim. */
export function toJsonText(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : toJsonText(v))).join(',')}]`;
  if (value && typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Arrays (or objects) nested `depth` deep, written as raw JSON. */
export function nested(depth: number, kind: 'array' | 'object' = 'array', leaf = '1'): RawJson {
  return kind === 'array'
    ? new RawJson(`${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`)
    : new RawJson(`${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`);
}

const LONE_SURROGATES = ['\ud800', '\udfff', 'a\ud83d', '\ude00b', '\udc00\ud800'];

/** Strings that broke (or could break) something somewhere. */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '', ' ', '\n', '\t', '\u0000', 'a\u0000b', '\\u0000', '\\ud800', '%00', '%ZZ', '%', '\u202etxt.exe', '\ufeff', '\uffff',
    '질문', '😀', '\ud83d\ude00', 'e\u0301', '<script>alert(1)</script>', "'; drop table traces; --", '../../etc/passwd',
    '__proto__', 'constructor', 'toString', 'null', 'true', 'NaN', 'Infinity', '-0', '1e999', '[]', '{}', '{{x}}', '{{#a}}{{/b}}',
    '{% raw %}', '${x}', '%s%s%s', 'a'.repeat(129), 'x'.repeat(20_000), '🙂'.repeat(3000), '\u0000'.repeat(64),
  ),
  fc.constantFrom(...LONE_SURROGATES),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** Numbers at and past every boundary, including ones JSON.stringify cannot write. */
export const nastyNumber: fc.Arbitrary<number | RawJson> = fc.oneof(
  fc.constantFrom(
    0, -0, 1, -1, 0.5, -0.5, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53 + 2, -(2 ** 53) - 2, 2 ** 63, 1e20,
    1e300, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, 5e-324, 1770458400, 1770458400000, 1770458400000000, 1.7704584e18,
    // The documented bounds and just past them: tokens 1e9, costs 1e6, scores 1e12, latencies 1e10.
    1e9, 1e9 + 1, 999_999_999.5, 1e6, 1e6 + 0.01, 1e12, -1e12, 1e12 + 1, 1e10, 1e10 + 1,
  ),
  fc.constantFrom(new RawJson('1e999'), new RawJson('-1e999'), new RawJson('1e-999'), new RawJson('-0.0'), new RawJson('123456789012345678901234567890')),
  fc.double(),
  fc.integer(),
);

/** Times: ISO strings far away, malformed ones, and numbers in every unit. */
export const nastyTime: fc.Arbitrary<string | number | RawJson> = fc.oneof(
  fc.constantFrom(
    '2026-02-07T10:00:00Z', '1970-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z', '+999999-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-02-07T24:00:00Z',
    '2026-02-07T10:00:00+14:00', '2026-02-07T10:00:00-12:00', '2026-02-07T10:00:00.123456789Z', '2026-02-07', '2026-02-07 10:00:00',
    'yesterday', 'now', '', '1770458400', '1770458400000', '2026-02-07T10:00:00Z\u0000', 'T', '2026-02-07T10:00:60Z',
    // The accepted window's edges (2000-01-01 inclusive, 2100-01-01 exclusive) as strings and epoch milliseconds.
    '2000-01-01T00:00:00Z', '1999-12-31T23:59:59.999Z', '2099-12-31T23:59:59.999999Z', '2100-01-01T00:00:00Z', '2000-01-01T00:00:00+00:01',
  ),
  fc.constantFrom(946684800000, 946684799999, 4102444799999, 4102444800000),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  nastyNumber,
);

/** Ids: long (100–300 characters), odd characters, route-breaking ones. */
export const nastyId: fc.Arbitrary<string> = fc.oneof(
  fc.integer({ min: 100, max: 300 }).map((n) => 'i'.repeat(n)),
  fc.integer({ min: 100, max: 300 }).map((n) => '가'.repeat(n)),
  fc.constantFrom('a/b', 'a?b=c', 'a#b', '..', '.', '%2F', 'a%00b', ' x ', 'x\u0000', '\ud800', 'stats', 'compare', 'overview', '*'),
  nastyString,
);

/** Deep nesting of arrays and objects, 30 to 20,000 levels. */
export const deepValue: fc.Arbitrary<RawJson> = fc
  .tuple(fc.constantFrom(30, 101, 257, 1000, 5000, 20_000), fc.constantFrom('array' as const, 'object' as const))
  .map(([depth, kind]) => nested(depth, kind));

/** Any hostile value for a field. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString },
  { weight: 3, arbitrary: nastyNumber },
  { weight: 3, arbitrary: nastyTime },
  { weight: 2, arbitrary: nastyId },
  { weight: 1, arbitrary: deepValue },
  { weight: 2, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { '': null }, { __proto__: null, constructor: 1 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(nastyString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString, nastyString, { maxKeys: 4 }) },
);

/** A deep copy that keeps RawJson tokens (structuredClone would turn them into plain objects). */
function cloneJson<T>(value: T): T {
  if (value instanceof RawJson || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cloneJson) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cloneJson(v);
  return out as T;
}

/** Every path of a JSON value (root first). */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object' && !(value instanceof RawJson)) {
    for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  }
  return out;
}

type Op = 'replace' | 'delete' | 'add' | 'wrap' | 'repeat';

/** Applies one mutation at the `pick`-th path of `value` (a deep copy is made by the caller). */
function mutate(value: unknown, pick: number, op: Op, plantedValue: unknown, key: string): unknown {
  const planted = cloneJson(plantedValue);
  const all = paths(value);
  const path = all[pick % all.length];
  if (path.length === 0) return op === 'wrap' ? [value] : op === 'replace' ? planted : value;
  const parent = path.slice(0, -1).reduce<unknown>((node, k) => (node as Record<string | number, unknown>)[k], value) as Record<string | number, unknown>;
  const last = path[path.length - 1];
  switch (op) {
    case 'replace':
      parent[last] = planted;
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case 'add':
      if (!Array.isArray(parent)) parent[key] = planted;
      else parent.push(planted);
      break;
    case 'wrap':
      parent[last] = [parent[last]];
      break;
    case 'repeat':
      if (Array.isArray(parent)) parent.push(...Array.from({ length: 40 }, () => cloneJson(parent[last])));
      else parent[last] = Array.from({ length: 40 }, () => parent[last]);
      break;
  }
  return value;
}

/** One to three hostile mutations of the valid body `template(n)`; `n` makes ids unique. */
export function mutatedBody(template: (n: number) => unknown): fc.Arbitrary<unknown> {
  const mutation = fc.record({
    pick: fc.nat(),
    op: fc.constantFrom<Op>('replace', 'replace', 'replace', 'delete', 'add', 'wrap', 'repeat'),
    value: nastyValue,
    key: fc.oneof(fc.constantFrom('extra', '__proto__', 'constructor', 'trace_id', 'id'), nastyString),
  });
  return fc.tuple(fc.nat({ max: 1_000_000_000 }), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([n, mutations]) => {
    let body = cloneJson(template(n));
    for (const m of mutations) body = mutate(body, m.pick, m.op, m.value, m.key);
    return body;
  });
}

/** Malformed bodies: broken JSON, invalid UTF-8, a wrong top-level type, deep nesting. */
export const malformedPayload: fc.Arbitrary<string | Buffer> = fc.oneof(
  fc.constantFrom(
    '', '{', '}', '[', '{"a":', '{"a" 1}', "{'a':1}", '{"a":1,}', 'null', 'true', '0', '"text"', '[]', '[{}]', '{"__proto__":{"x":1}}',
    '{"constructor":{"prototype":{"x":1}}}', '\u0000', '{"a":"\\ud800"}', '{"a":"\\u0000"}', '{"a":1e999}', '{"a":-1e999}', 'NaN', '{"a":NaN}',
    '\ufeff{}', '{"a":1}{"b":2}', '{"a":1} trailing', '{"a":"\n"}', '{"a":"\\x41"}', '{"a":01}', '{"a":.5}', '{"a":+1}',
  ),
  fc.constantFrom(Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), Buffer.from('{"a":"\xc3\x28"}', 'latin1'), Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])),
  fc.constantFrom(1000, 10_000, 100_000).map((d) => nested(d).text),
  fc.constantFrom(1000, 10_000, 100_000).map((d) => nested(d, 'object').text),
  fc.string({ maxLength: 60 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
);

/** Query strings built from `names` (known parameters plus unknown and repeated ones) with hostile values. */
export function queryString(names: string[]): fc.Arbitrary<string> {
  const value = fc.oneof(
    nastyString,
    nastyNumber.map((n) => (n instanceof RawJson ? n.text : String(n))),
    nastyTime.map((t) => (t instanceof RawJson ? t.text : String(t))),
    nastyId,
    fc.constantFrom('true', 'false', 'yes', '1', '0', '-1', '', 'asc', 'desc', 'start_time:desc', 'cost:asc', 'x:y:z', 'latency_ms', ':'),
  );
  const pair = fc.tuple(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: nastyString }), value);
  return fc.array(pair, { minLength: 1, maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`).join('&'));
}

/** encodeURIComponent that writes lone surrogates as their WTF-8 bytes (`%ed%a0%80`) instead of throwing. */
export function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return [...text]
      .map((c) => {
        const u = c.charCodeAt(0);
        if (c.length !== 1 || u < 0xd800 || u > 0xdfff) return encodeURIComponent(c);
        return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)].map((b) => `%${b.toString(16)}`).join('');
      })
      .join('');
  }
}

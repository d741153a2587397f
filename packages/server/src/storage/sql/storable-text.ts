/**
 * Text PostgreSQL can store. PostgreSQL text and JSONB cannot hold NUL characters, and JSONB (and
 * JSON → text conversion) refuses `\u0000` escapes and unpaired UTF-16 surrogates. Rather than
 * losing a whole batch to one such string, the PostgreSQL write path (postgres-ingest-tx.ts, and
 * pg-text-plugin.ts for Kysely queries) drops NULs and replaces unpaired surrogates with U+FFFD;
 * JSON text bound for JSON columns goes through pgJsonText on both backends (decision-queries.ts).
 * Both checks start with one regex test, so clean text is never copied.
 */

// Fast screens without the u flag (about 3x faster on long text): NUL or any surrogate, paired or
// not. Only text they flag pays for the exact checks below (most text holds neither).
const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;
const MAYBE_SUSPECT_JSON = /\\u(?:0000|[dD][89a-fA-F])|[\u0000\ud800-\udfff]/;
// NUL, or a lone surrogate: with the u flag a well-formed pair is one code point, not Cs.
const UNSTORABLE_CHARACTER = /[\u0000\p{Cs}]/u;
const LONE_SURROGATES = /\p{Cs}/gu;
// In JSON text: a \u0000 escape or a surrogate escape (checked one by one below), or a raw bad character.
const SUSPECT_JSON = /\\u(?:0000|[dD][89a-fA-F])|[\u0000\p{Cs}]/u;
const JSON_ESCAPE = /\\(?:u([0-9a-fA-F]{4})|[\s\S])/g;
const LOW_SURROGATE_ESCAPE = /^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/;

/** `text` without NUL characters and with unpaired surrogates replaced by U+FFFD. */
export function pgText(text: string): string {
  if (!MAYBE_UNSTORABLE.test(text) || !UNSTORABLE_CHARACTER.test(text)) return text;
  return text.replace(/\u0000/g, '').replace(LONE_SURROGATES, '\ufffd');
}

/**
 * JSON text (as written by JSON.stringify) that JSONB accepts: `\u0000` escapes dropped, escapes
 * of unpaired surrogates replaced by `\ufffd`. Escaped backslashes are skipped, so the six
 * characters `\u0000` inside a string value (JSON `"\\u0000"`) are kept as they are.
 */
export function pgJsonText(json: string): string {
  if (!MAYBE_SUSPECT_JSON.test(json) || !SUSPECT_JSON.test(json)) return json;
  const text = pgText(json);
  let pairedLowAt = -1;
  return text.replace(JSON_ESCAPE, (match: string, hex: string | undefined, offset: number) => {
    if (hex === undefined) return match;
    const code = Number.parseInt(hex, 16);
    if (code === 0) return '';
    if (code >= 0xd800 && code <= 0xdbff) {
      if (LOW_SURROGATE_ESCAPE.test(text.slice(offset + 6, offset + 12))) {
        pairedLowAt = offset + 6;
        return match;
      }
      return '\\ufffd';
    }
    if (code >= 0xdc00 && code <= 0xdfff) return offset === pairedLowAt ? match : '\\ufffd';
    return match;
  });
}

/**
 * Policy regexes run on RE2 (re2js): matching takes time linear in the input, so a pattern such as
 * `^(a+)+$` cannot stall the server. Patterns are written as JavaScript regex sources; JavaScript
 * spellings RE2 lacks (`\uXXXX`, `\u{…}`, `(?<name>…)`, `\cA`, `[^]`) are translated first, and what
 * RE2 cannot do in linear time (backreferences, lookahead, lookbehind) is refused with RE2's reason.
 */
import { RE2JS } from 're2js';

/** Largest compiled program (≈ states) a policy regex may have; matching costs program size × input length. */
const MAX_REGEX_PROGRAM_SIZE = 1000;

/** A compiled policy regex, or why the pattern cannot be used. */
export type PolicyRegexResult = { ok: true; regex: RE2JS } | { ok: false; reason: string };

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };

/** True when `pattern` holds an unescaped `\k<…>` (a named backreference, which translation would turn into a literal). */
function hasNamedBackreference(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] !== '\\') continue;
    if (pattern[i + 1] === 'k' && pattern[i + 2] === '<') return true;
    i++; // skip the escaped character
  }
  return false;
}

/**
 * Compiles a policy regex with RE2 semantics. Flags: `i` case-insensitive, `m` multiline anchors,
 * `s` dot matches newline, `u` accepted (RE2 always matches by code point).
 */
export function compilePolicyRegex(pattern: string, flags = ''): PolicyRegexResult {
  let bits = 0;
  for (const flag of flags) {
    if (!(flag in FLAG_BITS)) return { ok: false, reason: `flag "${flag}" is not supported (use i, m, s or u)` };
    bits |= FLAG_BITS[flag];
  }
  if (hasNamedBackreference(pattern)) {
    return { ok: false, reason: 'backreferences (\\k<name>) are not supported; policy regexes use RE2 syntax, which matches in linear time' };
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(RE2JS.translateRegExp(pattern), bits);
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
    return { ok: false, reason: `${message} (policy regexes use RE2 syntax: no backreferences, lookahead or lookbehind)` };
  }
  if (regex.programSize() > MAX_REGEX_PROGRAM_SIZE) {
    return { ok: false, reason: `the pattern is too complex (${regex.programSize()} program steps, at most ${MAX_REGEX_PROGRAM_SIZE}); use smaller repeat counts` };
  }
  return { ok: true, regex };
}

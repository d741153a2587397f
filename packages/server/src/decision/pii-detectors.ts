/**
 * Personal data in text: e-mail addresses, phone numbers (Korean mobile and landline, North
 * American, international +CC), Korean resident registration numbers and payment card numbers
 * (Luhn-checked). Every pattern is bounded, so scanning is linear in the text length.
 */

/** Kinds of personal data the heuristic judge reports. */
export type PiiType = 'email' | 'phone' | 'kr_rrn' | 'card';

// YYMMDD-GNNNNNN with a valid month and day; G (1–8) encodes century and sex (5–8: foreign residents).
const RRN = /(?<![\d-])\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-?[1-8]\d{6}(?![\d-])/g;
const CARD = /(?<![\d-])[2-6](?:[ -]?\d){12,18}(?![\d-])/g;
const PHONES = [
  /(?<![\d-])01[016789][-. ]?\d{3,4}[-. ]?\d{4}(?![\d-])/g, // Korean mobile: 010-1234-5678, 01012345678
  /(?<![\d-])0(?:2|[3-6][1-5])[-. )]\d{3,4}[-. ]\d{4}(?![\d-])/g, // Korean landline: 02-123-4567, 031-1234-5678
  /(?<![\w+])\+\d{1,3}[-. ]?(?:\(\d{1,4}\)|\d{1,4})(?:[-. ]?\d{2,4}){2,3}(?!\d)/g, // +82 10-1234-5678, +1 415 555 2671
  /(?<![\d-])(?:\(\d{3}\) ?|\d{3}[-. ])\d{3}[-. ]\d{4}(?![\d-])/g, // (415) 555-2671, 415-555-2671
];
const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}/g;

/** True when the digits pass the Luhn checksum used by payment cards. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Where one piece of personal data is in the text (UTF-16 offsets, end exclusive). */
export interface PiiMatch {
  type: PiiType;
  start: number;
  end: number;
}

/**
 * Replaces what `pattern` matches (when `accept` agrees) with spaces, so a later kind cannot match
 * it again, and records each match as `type`.
 */
function takeMatches(text: string, pattern: RegExp, type: PiiType, found: PiiMatch[], accept: (match: string) => boolean = () => true): string {
  return text.replace(pattern, (match: string, offset: number) => {
    if (!accept(match)) return match;
    found.push({ type, start: offset, end: offset + match.length });
    return ' '.repeat(match.length);
  });
}

/** Every piece of personal data in `text`, in the order the kinds are checked. A match of one kind is not counted again as another. */
export function findPii(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  if (!/\d|@/.test(text)) return found;
  let rest = takeMatches(text, RRN, 'kr_rrn', found);
  rest = takeMatches(rest, CARD, 'card', found, (m) => {
    const digits = m.replace(/[ -]/g, '');
    return digits.length >= 13 && digits.length <= 19 && luhnValid(digits);
  });
  for (const pattern of PHONES) rest = takeMatches(rest, pattern, 'phone', found);
  if (rest.includes('@')) takeMatches(rest, EMAIL, 'email', found);
  return found;
}

/** Which kinds of personal data appear in `text`. */
export function detectPii(text: string): PiiType[] {
  return [...new Set(findPii(text).map((m) => m.type))];
}

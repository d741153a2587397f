/** Text normalisation for keyword and reference matching: Unicode NFC, lowercase, collapsed whitespace. */

/** The normalised form of `text`. */
export function normalizeText(text: string, caseSensitive = false): string {
  const nfc = text.normalize('NFC').replace(/\s+/g, ' ').trim();
  return caseSensitive ? nfc : nfc.toLowerCase();
}

/** Whether `needle` occurs in `haystack` after normalising both. */
export function containsText(haystack: string, needle: string, caseSensitive = false): boolean {
  return normalizeText(haystack, caseSensitive).includes(normalizeText(needle, caseSensitive));
}

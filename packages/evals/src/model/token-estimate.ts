/** A rough token count for backends that report none (the offline provider): UTF-8 bytes / 4, at least 1. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(Buffer.byteLength(text, 'utf8') / 4));
}

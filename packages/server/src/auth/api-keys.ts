/** API key material: generation and hashing. Keys are random, so a plain SHA-256 is a safe hash. */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** What a key may do. `admin` implies the others. */
export const scopeSchema = z.enum(['ingest', 'read', 'admin']);
export type Scope = z.infer<typeof scopeSchema>;
export const ALL_SCOPES: Scope[] = ['ingest', 'read', 'admin'];

/** SHA-256 hex of a key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A new random key (`th_` + 40 base64url characters). */
export function generateApiKey(): string {
  return `th_${randomBytes(30).toString('base64url')}`;
}

/** The first characters of a key, stored so people can tell keys apart. */
export function keyPrefix(key: string): string {
  return key.slice(0, Math.min(8, key.length));
}

/** API key material: generation and hashing. Keys are random, so a plain SHA-256 is a safe hash. */
import { createHash, randomBytes } from 'node:crypto';
import { apiScopeSchema, type ApiKeyFormat, type ApiScope } from '@tracehub/core';

/** What a key may do (core's `apiScopeSchema`). `admin` implies the others. */
export const scopeSchema = apiScopeSchema;
export type Scope = ApiScope;
export const ALL_SCOPES: Scope[] = ['ingest', 'read', 'admin'];

/** SHA-256 hex of a key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The start of a Langfuse-style secret key (`sk-lf-…`) and of its public key (`pk-lf-…`). */
export const LANGFUSE_SECRET_PREFIX = 'sk-lf-';
export const LANGFUSE_PUBLIC_PREFIX = 'pk-lf-';

/** A new random key: `th_` + 40 base64url characters, or for a Langfuse pair `sk-lf-` + 40. */
export function generateApiKey(format: ApiKeyFormat = 'tracehub'): string {
  const random = randomBytes(30).toString('base64url');
  return format === 'langfuse' ? `${LANGFUSE_SECRET_PREFIX}${random}` : `th_${random}`;
}

/**
 * The public key of a Langfuse-style pair: `pk-lf-<key id>`, derived from the key's id, so it is
 * never stored and can be shown at any time. Null for other keys. Basic auth reads only the secret
 * key, so any public key is accepted; this one is what Langfuse users expect to configure.
 */
export function langfusePublicKey(keyId: string, prefix: string): string | null {
  return prefix.startsWith(LANGFUSE_SECRET_PREFIX) ? `${LANGFUSE_PUBLIC_PREFIX}${keyId}` : null;
}

/** Keys at least this long (generated keys are 43) store their first 8 characters as the prefix. */
export const LONG_KEY_LENGTH = 32;

/**
 * What is stored (and shown) so people can tell keys apart; never the whole key. A long key gives
 * its first 8 characters (`th_` + 5 of 40 random characters); a shorter key, e.g. the bootstrap key
 * `dev-key` someone typed, gives only its first character and a mask (`d***`).
 */
export function keyPrefix(key: string): string {
  if (key.length >= LONG_KEY_LENGTH) return key.slice(0, 8);
  return `${key.slice(0, 1)}***`;
}

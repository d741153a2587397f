/** sha256 helpers used for cache keys, snapshots and the results manifest. */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@tracehub/core';

/** Hex sha256 of text (UTF-8) or bytes. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex sha256 of the canonical JSON of a value (keys sorted at every depth), so equal values hash equally. */
export function sha256Json(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

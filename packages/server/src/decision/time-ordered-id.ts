/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids made later sort
 * later, so new rows append to the end of their primary-key index instead of touching random pages.
 */
import { randomUUID } from 'node:crypto';

/** A new UUIDv7 string, e.g. `01936f0e-5a2b-7c3d-9e4f-0a1b2c3d4e5f`. */
export function uuidv7(nowMs = Date.now()): string {
  // A v4 UUID (random, RFC 9562 variant; cheap: Node draws it from a pre-filled entropy pool) with
  // its first 48 bits replaced by the time and its version nibble set to 7.
  const random = randomUUID();
  const time = nowMs.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15)}`;
}

/**
 * Identifier generation. Trace ids are uuid4 strings; span ids are 32 lowercase hex characters cut
 * from a pre-filled pool of random bytes so the record path does not pay for a uuid per span.
 */
import { randomBytes, randomUUID } from 'node:crypto';

const POOL_BYTES = 8192;
let hexPool = '';
let hexOffset = 0;

/** A new span id: 32 random hex characters. */
export function newSpanId(): string {
  if (hexOffset + 32 > hexPool.length) {
    hexPool = randomBytes(POOL_BYTES).toString('hex');
    hexOffset = 0;
  }
  const id = hexPool.substring(hexOffset, hexOffset + 32);
  hexOffset += 32;
  return id;
}

/** A new trace id (uuid4). */
export function newTraceId(): string {
  return randomUUID();
}

const keyPrefix = randomUUID();
let keyCounter = 0;

/**
 * A new idempotency key: a per-process random uuid plus a counter, unique without a uuid per
 * item. Generated when a batch is serialised and reused by that batch's retries.
 */
export function newIdempotencyKey(): string {
  return `${keyPrefix}-${(keyCounter++).toString(36)}`;
}

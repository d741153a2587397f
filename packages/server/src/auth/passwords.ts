/**
 * Password hashing with node:crypto scrypt (async, on libuv's thread pool): a random salt per
 * password and a timing-safe compare. At most SCRYPT_CONCURRENCY derivations run at once and
 * SCRYPT_MAX_WAITING wait; beyond that the caller gets 503 at once, so a flood of sign-ins can
 * neither queue without bound nor take every thread-pool thread (file and DNS work share them).
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { createWorkGate } from '../work-gate.js';

const KEY_LENGTH = 64;
const DEFAULTS = { N: 16384, r: 8, p: 1 };

/** scrypt derivations running at once (each ≈ 16 MB and tens of milliseconds). */
export const SCRYPT_CONCURRENCY = 2;
/** scrypt derivations waiting for a turn before further ones are refused with 503. */
export const SCRYPT_MAX_WAITING = 32;

const gate = createWorkGate({
  concurrency: SCRYPT_CONCURRENCY,
  maxWaiting: SCRYPT_MAX_WAITING,
  busyMessage: 'The server is checking too many passwords at once; try again in a second.',
});

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return gate.run(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      ),
  );
}

/** Hashes a password as `scrypt$N$r$p$<salt base64>$<key base64>` (cost parameters are kept with the hash). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, DEFAULTS);
  return ['scrypt', DEFAULTS.N, DEFAULTS.r, DEFAULTS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `password` matches `stored`; a malformed hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (!N || !r || !p || expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, salt, { N, r, p });
  return timingSafeEqual(actual, expected);
}

/** A random password for the first admin (24 base64url characters). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/** A hash of a random password: compared against when a username is unknown, so both paths take as long. */
export const DUMMY_HASH_PROMISE: () => Promise<string> = (() => {
  let cached: Promise<string> | null = null;
  return () => (cached ??= hashPassword(generatePassword()));
})();

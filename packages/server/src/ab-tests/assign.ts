/**
 * Deterministic, sticky assignment of a unit to a variant (docs/ab-tests.md#assignment). The same
 * rule is written in the TypeScript SDK (packages/sdk/src/ab.ts) and the Python SDK
 * (sdk/python/llm_trace_hub/ab.py); test/ab-assignment-parity.test.ts checks all three agree.
 *
 *   h = first 8 bytes of SHA-256(UTF-8(salt + ":" + unit_id)) as an unsigned big-endian integer
 *   the unit gets the first variant i (in definition order) with h * W < C_i * 2^64,
 *   where W is the sum of the (whole-number) weights and C_i the sum of weights 0..i.
 *
 * Integer arithmetic only, so every language lands on the same variant for every id.
 */
import { createHash } from 'node:crypto';

const TWO_64 = 1n << 64n;

/** The 64-bit bucket of a unit: the first 8 bytes of SHA-256(salt:unit_id), big-endian. */
export function unitHash(salt: string, unitId: string): bigint {
  return createHash('sha256').update(`${salt}:${unitId}`, 'utf8').digest().readBigUInt64BE(0);
}

/** The key of the variant `unitId` falls into. */
export function assignVariant(test: { salt: string; variants: readonly { key: string; weight: number }[] }, unitId: string): string {
  const h = unitHash(test.salt, unitId);
  const total = BigInt(test.variants.reduce((sum, v) => sum + v.weight, 0));
  let cumulative = 0n;
  for (const variant of test.variants) {
    cumulative += BigInt(variant.weight);
    if (h * total < cumulative * TWO_64) return variant.key;
  }
  // Unreachable: h < 2^64 so the last variant always matches.
  return test.variants[test.variants.length - 1].key;
}

/**
 * A/B test assignment computed locally (docs/ab-tests.md#assignment), so choosing a variant costs
 * no request on the hot path. The rule is the server's (packages/server/src/ab-tests/assign.ts)
 * and the Python SDK's (sdk/python/llm_trace_hub/ab.py):
 *
 *   h = first 8 bytes of SHA-256(UTF-8(salt + ":" + unit_id)) as an unsigned big-endian integer;
 *   the unit gets the first variant i (definition order) with h * W < C_i * 2^64, W the sum of the
 *   whole-number weights and C_i the sum of the weights of variants 0..i.
 */
import { createHash } from 'node:crypto';

/** One variant as the server answers it: what differs, and its weight. */
export interface AbVariantDefinition {
  key: string;
  weight: number;
  model?: string;
  prompt_label?: string;
  prompt_version?: string;
  endpoint?: string;
  params?: Record<string, string | number | boolean>;
  description?: string;
}

/** The part of a test (`GET /api/v1/ab-tests/{id}`) assignment needs. */
export interface AbTestDefinition {
  test_id: string;
  salt: string;
  variants: AbVariantDefinition[];
}

/** The chosen variant, with the trace attributes that attribute a trace to it. */
export type AbAssignment = AbVariantDefinition & {
  test_id: string;
  /** Pass to `startTrace({ attributes })`: `ab.test_id` and `ab.variant`. */
  attributes: { 'ab.test_id': string; 'ab.variant': string };
};

/** The variant of `unitId` (a session or user id) in `test`. */
export function assign(test: AbTestDefinition, unitId: string): AbAssignment {
  const bucket = createHash('sha256').update(`${test.salt}:${unitId}`, 'utf8').digest().readBigUInt64BE(0);
  const weightSum = BigInt(test.variants.reduce((sum, v) => sum + v.weight, 0));
  let upTo = 0n;
  const chosen =
    test.variants.find((v) => {
      upTo += BigInt(v.weight);
      return bucket * weightSum < upTo << 64n;
    }) ?? test.variants[test.variants.length - 1];
  return { ...chosen, test_id: test.test_id, attributes: { 'ab.test_id': test.test_id, 'ab.variant': chosen.key } };
}

/** Settings of {@link createAbTests}. */
export interface AbTestsOptions {
  baseUrl: string;
  apiKey?: string;
  /** How long a fetched definition is used before it is fetched again (default 5 minutes). */
  ttlMs?: number;
  fetch?: typeof fetch;
}

/** Fetches test definitions once per `ttlMs` and assigns units locally. */
export function createAbTests(options: AbTestsOptions): {
  get(testId: string): Promise<AbTestDefinition | null>;
  assign(testId: string, unitId: string): Promise<AbAssignment | null>;
} {
  const cache = new Map<string, { at: number; test: AbTestDefinition }>();
  const ttl = options.ttlMs ?? 300_000;
  const doFetch = options.fetch ?? fetch;
  const get = async (testId: string) => {
    const cached = cache.get(testId);
    if (cached && Date.now() - cached.at < ttl) return cached.test;
    try {
      const response = await doFetch(`${options.baseUrl.replace(/\/+$/, '')}/api/v1/ab-tests/${encodeURIComponent(testId)}`, {
        headers: options.apiKey ? { 'x-api-key': options.apiKey } : {},
      });
      if (!response.ok) return cached?.test ?? null;
      const test = (await response.json()) as AbTestDefinition;
      cache.set(testId, { at: Date.now(), test });
      return test;
    } catch {
      // Server unreachable: keep using the last definition.
      return cached?.test ?? null;
    }
  };
  return {
    get,
    async assign(testId, unitId) {
      const test = await get(testId);
      return test ? assign(test, unitId) : null;
    },
  };
}

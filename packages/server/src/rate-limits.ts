/**
 * Rate limits with @fastify/rate-limit, kept in memory per server process (several processes
 * behind a balancer each count on their own):
 * - per key: requests authenticated by one API key (or one signed-in user) per window;
 * - per client address: failed authentications (401 answers). Once an address has reached the
 *   limit, its API requests and sign-ins get 429 before any key lookup or password check until the
 *   window ends, so a flood of wrong keys or passwords costs almost nothing.
 * Both answer 429 with `Retry-After` (seconds). Addresses are `request.ip`, which honours
 * TRACEHUB_TRUST_PROXY behind a reverse proxy.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import { RateLimitedError } from './domain-errors.js';

/** Rate-limit settings (TRACEHUB_RATE_LIMIT_*). A limit of 0 turns that limit off. */
export interface RateLimitConfig {
  /** Requests per API key or signed-in user per window (default 60,000: far above a busy SDK). */
  perKey: number;
  /** Failed authentications per client address per window before its requests get 429 (default 100). */
  failedAuthPerIp: number;
  /** The window in milliseconds (default 60,000). */
  windowMs: number;
}

/** The defaults: one minute windows, 60,000 requests per key, 100 failed authentications per address. */
export const DEFAULT_RATE_LIMITS: RateLimitConfig = { perKey: 60_000, failedAuthPerIp: 100, windowMs: 60_000 };

// Paths whose requests authenticate (and so can fail to).
const GUARDED = ['/api/v1/', '/v1/', '/api/public/'];
const guarded = (request: FastifyRequest) => GUARDED.some((prefix) => request.url.startsWith(prefix));

const tooMany = (what: string) => (_request: FastifyRequest, context: { after: string }) =>
  new RateLimitedError(`${what}; try again in ${context.after}.`);

/**
 * Registers the limits. Call before the authentication hook: the per-address check must run
 * before any key lookup, and the per-key check is added as a preParsing hook, after authentication
 * and before the body is read.
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimitConfig): Promise<void> {
  await app.register(fastifyRateLimit, { global: false });
  const timeWindow = limits.windowMs;

  if (limits.failedAuthPerIp > 0) {
    const failures = app.createRateLimit({
      max: limits.failedAuthPerIp,
      timeWindow,
      keyGenerator: (request) => `ip:${request.ip}`,
    });
    app.addHook('onRequest', async (request, reply) => {
      if (!guarded(request)) return;
      const state = await failures(request, { increment: false });
      if (state.isAllowed || (state.remaining ?? 1) > 0) return;
      const seconds = Math.max(1, state.ttlInSeconds ?? 1);
      throw new RateLimitedError(`Too many failed authentications from this address; try again in ${seconds} seconds.`, { retryAfterSeconds: seconds });
    });
    // Counted when the answer is decided (not after it is written), so a burst cannot outrun the count.
    app.addHook('onSend', async (request, reply) => {
      if (reply.statusCode === 401 && guarded(request)) await failures(request);
    });
  }

  if (limits.perKey > 0) {
    const perKey = app.rateLimit({
      max: limits.perKey,
      timeWindow,
      keyGenerator: (request) => `key:${request.auth?.keyId ?? ''}`,
      errorResponseBuilder: tooMany('Too many requests with this API key'),
    });
    app.addHook('preParsing', async (request, reply) => {
      if (request.auth) await perKey.call(app, request, reply);
    });
  }
}

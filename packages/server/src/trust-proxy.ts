/**
 * TRACEHUB_TRUST_PROXY → Fastify's `trustProxy`, so `request.ip` (rate limits, sign-in throttle)
 * and `request.protocol` (Secure cookies) come from X-Forwarded-For / X-Forwarded-Proto when the
 * server runs behind nginx or another reverse proxy.
 */
import { isIP } from 'node:net';
import { z } from 'zod';

/** What Fastify's `trustProxy` option accepts here: off/on, a hop count, or trusted proxy addresses. */
export type TrustProxy = boolean | number | string[];

const NAMED = new Set(['loopback', 'linklocal', 'uniquelocal']);

function validEntry(entry: string): boolean {
  if (NAMED.has(entry)) return true;
  const [address, prefix, extra] = entry.split('/');
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/**
 * `false` (default: use the socket address), `true` (trust every proxy; only when nothing can reach
 * the server except through the proxy), a hop count (`1` = one proxy in front), or a comma list of
 * proxy addresses / CIDRs (`127.0.0.1,10.0.0.0/8`; also `loopback`, `linklocal`, `uniquelocal`).
 */
export const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .transform((text, ctx): TrustProxy => {
    const value = text.toLowerCase();
    if (value === '' || value === 'false') return false;
    if (value === 'true') return true;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
    const bad = entries.filter((e) => !validEntry(e));
    if (bad.length > 0 || entries.length === 0) {
      ctx.addIssue({ code: 'custom', message: `must be false, true, a hop count or a comma list of addresses/CIDRs (not ${bad.join(', ') || 'empty'})` });
      return z.NEVER;
    }
    return entries;
  });

/** The setting as Fastify's `trustProxy` option (a hop count becomes "trust the nearest n hops"). */
export function fastifyTrustProxy(setting: TrustProxy | undefined): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting ?? false;
}

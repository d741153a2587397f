/**
 * Response headers every answer carries (UI pages, assets and JSON alike), through @fastify/helmet:
 * a content security policy the built web UI works under (no inline scripts or styles), no framing,
 * no MIME sniffing. Also the rule that decides whether session cookies are `Secure`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyHelmet from '@fastify/helmet';

/** TRACEHUB_SECURE_COOKIES: `auto` marks cookies Secure when the request came over https (directly or through a trusted proxy). */
export type SecureCookiesMode = 'auto' | 'true' | 'false';

/** The policy of the web UI and the API: scripts, styles and requests only from this origin. */
export const CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  // https: for images a trace's messages name; the chat view loads them only when the user asks.
  'img-src': ["'self'", 'data:', 'https:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The policy of the Swagger UI at /api/docs: the same, except that its bundle injects a `<style>`
 * element, so styles (not scripts) may be inline there. Checked in Chromium by packages/web/e2e/csp.test.ts.
 */
export const DOCS_CONTENT_SECURITY_POLICY: Record<string, string[]> = {
  ...CONTENT_SECURITY_POLICY,
  'style-src': ["'self'", "'unsafe-inline'"],
};

/** Renders a policy as the header value. */
export function policyHeader(policy: Record<string, string[]>): string {
  return Object.entries(policy)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** Registers helmet on the whole app (register it before any route). */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    // HSTS belongs to the TLS-terminating proxy (it knows whether every subdomain serves https);
    // sent from here over plain http it would only be ignored, or pin a whole domain by surprise.
    strictTransportSecurity: false,
  });
}

/** True when cookies set for `request` must be `Secure` under `mode`. */
export function isSecureCookieRequest(request: FastifyRequest, mode: SecureCookiesMode = 'auto'): boolean {
  if (mode === 'true') return true;
  if (mode === 'false') return false;
  return request.protocol === 'https';
}

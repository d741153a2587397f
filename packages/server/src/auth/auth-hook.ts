/**
 * Authenticates every API request by `x-api-key`, `Authorization: Bearer`, or (the Langfuse public
 * API's way) `Authorization: Basic base64(publicKey:secretKey)`, and checks scopes per route.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthorizedError } from '../domain-errors.js';
import type { Scope } from './api-keys.js';
import { hasScope, type AuthService } from './auth-service.js';
import type { SessionAuthenticator } from './session-auth.js';

const PROTECTED = ['/api/v1/', '/v1/', '/api/public/'];
// Reachable without credentials: signing in, and the Langfuse API's health check.
const PUBLIC = new Set(['/api/v1/auth/login', '/api/public/health']);

/**
 * The API key of a request (HTTP headers or gRPC metadata): `x-api-key`, else `Authorization: Bearer <key>`,
 * else the secret key of `Authorization: Basic base64(publicKey:secretKey)` (Langfuse SDKs). The public
 * key is not checked: the secret alone identifies the key and its project, so any Trace Hub key works
 * as a Langfuse secret key.
 */
export function apiKeyFrom(xApiKey: unknown, authorization: unknown): string | undefined {
  if (typeof xApiKey === 'string' && xApiKey) return xApiKey.trim();
  if (typeof authorization !== 'string') return undefined;
  const scheme = authorization.slice(0, 6).toLowerCase();
  if (scheme === 'bearer' && authorization[6] === ' ') return authorization.slice(7).trim();
  if (scheme === 'basic ') {
    const pair = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = pair.indexOf(':');
    return colon >= 0 && colon < pair.length - 1 ? pair.slice(colon + 1) : undefined;
  }
  return undefined;
}

function rawKey(request: FastifyRequest): string | undefined {
  return apiKeyFrom(request.headers['x-api-key'], request.headers.authorization);
}

/** The one route open to other origins (end-user feedback from a web page). */
const FEEDBACK_PATH = '/api/v1/feedback';

/**
 * Adds the authentication hook: unknown keys get 401 before any body is read. Without a key, a
 * web UI session cookie (when `sessions` is given) authenticates instead.
 */
export function registerAuth(app: FastifyInstance, auth: AuthService, sessions?: SessionAuthenticator): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!PROTECTED.some((prefix) => request.url.startsWith(prefix))) return;
    const path = request.url.split('?')[0];
    if (PUBLIC.has(path)) return;
    if (path === FEEDBACK_PATH) {
      // A browser's CORS preflight of the feedback route carries no key (routes/feedback.ts answers it),
      // and a rejected key must reach the page as a readable 401, not as an opaque CORS failure.
      if (request.method === 'OPTIONS') return;
      reply.header('access-control-allow-origin', '*');
    }
    const key = rawKey(request);
    const session = key || !sessions ? null : await sessions(request);
    if (session) {
      request.auth = session;
      return;
    }
    if (!key) throw new UnauthorizedError('Send an API key in the x-api-key header (or Authorization: Bearer <key>), or sign in.');
    const context = await auth.authenticate(key);
    if (!context) throw new UnauthorizedError('The API key is not valid or has been revoked.');
    request.auth = context;
  });
}

/** The caller's project, after checking the key has `scope`. */
export function requireScope(request: FastifyRequest, scope: Scope): string {
  const context = request.auth;
  if (!context) throw new UnauthorizedError('Send an API key in the x-api-key header.');
  if (!hasScope(context.scopes, scope)) {
    if (request.session && !request.session.projectRole) {
      throw new ForbiddenError('You are not a member of any project; ask an instance administrator to add you.');
    }
    const who = request.session ? `Your role in this project (${request.session.projectRole})` : 'This API key';
    throw new ForbiddenError(`${who} lacks the "${scope}" scope needed here.`);
  }
  return context.projectId;
}

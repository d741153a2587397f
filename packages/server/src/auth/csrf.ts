/** CSRF protection for cookie-authenticated changes: the `x-csrf-token` header must repeat the CSRF cookie and match the session. */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/cookie';
import { ForbiddenError } from '../domain-errors.js';
import { CSRF_COOKIE, CSRF_HEADER } from './session-service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True for methods that change nothing (no CSRF token needed). */
export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Throws a ForbiddenError (`csrf_failed`) unless a change carries the session's CSRF token in both the header and the cookie. */
export function checkCsrf(request: FastifyRequest, sessionCsrfToken: string): void {
  if (isSafeMethod(request.method)) return;
  const header = request.headers[CSRF_HEADER];
  const cookie = request.cookies?.[CSRF_COOKIE];
  if (typeof header !== 'string' || !header || !cookie || !same(header, cookie) || !same(header, sessionCsrfToken)) {
    throw new ForbiddenError(`Send the ${CSRF_COOKIE} cookie's value in the ${CSRF_HEADER} header with every change; reload the page if this persists.`, {
      code: 'csrf_failed',
    });
  }
}

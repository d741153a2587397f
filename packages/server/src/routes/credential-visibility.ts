/** Who sees outbound URLs whole: project admins (scope `admin`); everyone else gets their credentials masked. */
import type { FastifyRequest } from 'fastify';
import { hasScope } from '../auth/auth-service.js';

/** True when the caller may see URLs with their credentials (user info, query values). */
export function canSeeCredentials(request: FastifyRequest): boolean {
  return !!request.auth && hasScope(request.auth.scopes, 'admin');
}

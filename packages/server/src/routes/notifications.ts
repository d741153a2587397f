/** `GET /notifications`: webhook notifications with every delivery attempt. */
import type { FastifyPluginAsync } from 'fastify';
import { notificationListQuerySchema } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';
import { canSeeCredentials } from './credential-visibility.js';

/** Notification routes; need the `read` scope (URLs masked unless `admin`). */
export function notificationRoutes({ cases }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.get('/notifications', async (request) => {
      const projectId = requireScope(request, 'read');
      return cases.notifications(projectId, parseWith(notificationListQuerySchema, request.query, 'query'), canSeeCredentials(request));
    });
  };
}

/** Webhook destinations: create (secret answered once), list, detail, rotate the secret, delete. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { webhookDestinationBodySchema } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';
import { canSeeCredentials } from './credential-visibility.js';

const params = z.object({ destination_id: z.string().min(1).max(128) });

/** Webhook routes: reading needs `read` (URLs masked unless `admin`); changes need `admin`. */
export function webhookRoutes({ webhooks }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.post('/webhooks', async (request, reply) => {
      const projectId = requireScope(request, 'admin');
      return reply.status(201).send(await webhooks.create(projectId, parseWith(webhookDestinationBodySchema, request.body)));
    });
    app.get('/webhooks', async (request) => {
      const projectId = requireScope(request, 'read');
      return webhooks.list(projectId, canSeeCredentials(request));
    });
    app.get('/webhooks/:destination_id', async (request) => {
      const projectId = requireScope(request, 'read');
      return webhooks.get(projectId, parseWith(params, request.params, 'params').destination_id, canSeeCredentials(request));
    });
    app.post('/webhooks/:destination_id/rotate-secret', async (request) => {
      const projectId = requireScope(request, 'admin');
      return webhooks.rotateSecret(projectId, parseWith(params, request.params, 'params').destination_id);
    });
    app.delete('/webhooks/:destination_id', async (request) => {
      const projectId = requireScope(request, 'admin');
      return webhooks.remove(projectId, parseWith(params, request.params, 'params').destination_id);
    });
  };
}

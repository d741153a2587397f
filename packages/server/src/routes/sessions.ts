/** Session routes: conversations as groups of traces sharing a session_id. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { sessionListQuerySchema } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { NotFoundError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

const sessionParams = z.object({ session_id: z.string().min(1).max(256) });

/** Session routes. */
export function sessionRoutes({ traces }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.get('/sessions', async (request) => {
      const projectId = requireScope(request, 'read');
      return traces.sessions(projectId, parseWith(sessionListQuerySchema, request.query, 'query'));
    });
    app.get('/sessions/:session_id', async (request) => {
      const projectId = requireScope(request, 'read');
      const { session_id } = parseWith(sessionParams, request.params, 'params');
      const session = await traces.session(projectId, session_id);
      if (!session) throw new NotFoundError(`Session "${session_id}" has no traces in this project.`);
      return session;
    });
  };
}

/** `POST /decide`: judge a request/response pair of a trace under the policies in force. */
import type { FastifyPluginAsync } from 'fastify';
import { decideBodySchema } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

/** Decision route; needs the `ingest` scope. */
export function decideRoutes({ decisions }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.post('/decide', async (request) => {
      const projectId = requireScope(request, 'ingest');
      return decisions.decide(projectId, parseWith(decideBodySchema, request.body));
    });
  };
}

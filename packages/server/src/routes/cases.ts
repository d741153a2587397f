/** Case routes: list, detail (with notifications and attempts), acknowledge, resolve. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { caseListQuerySchema, caseTransitionBodySchema } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { InvalidError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';
import { canSeeCredentials } from './credential-visibility.js';
import { jsonDepthExceeds, jsonTooDeepError } from '../json-depth.js';

const caseParams = z.object({ case_id: z.string().min(1).max(128) });

/** Case routes: reading needs `read`, ack/resolve need `ingest`. */
export function caseRoutes({ cases }: AppServices): FastifyPluginAsync {
  return async (app) => {
    // ack/resolve take an optional body: an empty JSON body is accepted as "no note".
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      if ((body as string).trim() === '') return done(null, undefined);
      try {
        const value: unknown = JSON.parse(body as string);
        done(jsonDepthExceeds(value) ? jsonTooDeepError() : null, value);
      } catch (error) {
        done(new InvalidError(`The body is not valid JSON: ${(error as Error).message}`, { code: 'bad_request' }), undefined);
      }
    });

    app.get('/cases', async (request) => {
      const projectId = requireScope(request, 'read');
      return cases.list(projectId, parseWith(caseListQuerySchema, request.query, 'query'));
    });
    app.get('/cases/:case_id', async (request) => {
      const projectId = requireScope(request, 'read');
      return cases.get(projectId, parseWith(caseParams, request.params, 'params').case_id, canSeeCredentials(request));
    });
    app.post('/cases/:case_id/ack', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { case_id } = parseWith(caseParams, request.params, 'params');
      return cases.acknowledge(projectId, case_id, parseWith(caseTransitionBodySchema, request.body ?? {}), canSeeCredentials(request));
    });
    app.post('/cases/:case_id/resolve', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { case_id } = parseWith(caseParams, request.params, 'params');
      return cases.resolve(projectId, case_id, parseWith(caseTransitionBodySchema, request.body ?? {}), canSeeCredentials(request));
    });
  };
}

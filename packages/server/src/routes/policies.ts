/** Policy routes of SPEC §3: publish (JSON or YAML), list, versions, activate. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import YAML from 'yaml';
import { activateQuerySchema, policyBodySchema } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { InvalidError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';
import { canSeeCredentials } from './credential-visibility.js';
import { jsonDepthExceeds, jsonTooDeepError } from '../json-depth.js';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const policyParams = z.object({ policy_id: z.string().min(1).max(128) });

/** Policy routes: reading needs `read`, publishing and activating need `admin`. */
export function policyRoutes({ policies }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_request, body, done) => {
      try {
        const value: unknown = YAML.parse(body as string, { maxAliasCount: 100 });
        done(jsonDepthExceeds(value) ? jsonTooDeepError() : null, value);
      } catch (error) {
        const message = (error as Error).message.split('\n')[0];
        done(new InvalidError(`The YAML body does not parse: ${message}`, { code: 'invalid_yaml' }), undefined);
      }
    });

    app.post('/policies', async (request, reply) => {
      const projectId = requireScope(request, 'admin');
      const result = await policies.create(projectId, parseWith(policyBodySchema, request.body));
      return reply.status(201).send(result);
    });
    app.get('/policies', async (request) => policies.list(requireScope(request, 'read')));
    app.get('/policies/:policy_id', async (request) => {
      const projectId = requireScope(request, 'read');
      return policies.get(projectId, parseWith(policyParams, request.params, 'params').policy_id);
    });
    app.get('/policies/:policy_id/versions', async (request) => {
      const projectId = requireScope(request, 'read');
      return policies.versions(projectId, parseWith(policyParams, request.params, 'params').policy_id, canSeeCredentials(request));
    });
    app.post('/policies/:policy_id/activate', async (request) => {
      const projectId = requireScope(request, 'admin');
      const { policy_id } = parseWith(policyParams, request.params, 'params');
      const { version } = parseWith(activateQuerySchema, request.query, 'query');
      return policies.activate(projectId, policy_id, version);
    });
  };
}

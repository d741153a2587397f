/** Prompt registry routes. Reads need the `read` scope; writes (create, label moves) need `ingest`. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import {
  createPromptBodySchema,
  promoteBodySchema,
  promptDiffQuerySchema,
  promptLabelSchema,
  promptLookupQuerySchema,
  renderPromptBodySchema,
  resourceNameSchema,
  versionNumberSchema,
} from '@tracehub/core';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

const nameParams = z.object({ name: resourceNameSchema });
const versionParams = z.object({ name: resourceNameSchema, version: versionNumberSchema });
const labelParams = z.object({ name: resourceNameSchema, label: promptLabelSchema });

/** Prompt routes. */
export function promptRoutes({ prompts }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.post('/prompts', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      const result = await prompts.create(projectId, parseWith(createPromptBodySchema, request.body));
      return reply.status(result.created ? 201 : 200).send(result);
    });
    app.get('/prompts', async (request) => prompts.list(requireScope(request, 'read')));
    app.get('/prompts/:name', async (request) => {
      const projectId = requireScope(request, 'read');
      const { name } = parseWith(nameParams, request.params, 'params');
      return prompts.get(projectId, name, parseWith(promptLookupQuerySchema, request.query, 'query'));
    });
    app.get('/prompts/:name/versions', async (request) => {
      const projectId = requireScope(request, 'read');
      return prompts.versions(projectId, parseWith(nameParams, request.params, 'params').name);
    });
    app.post('/prompts/:name/versions/:version/labels', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { name, version } = parseWith(versionParams, request.params, 'params');
      return prompts.promote(projectId, name, version, parseWith(promoteBodySchema, request.body).labels);
    });
    app.delete('/prompts/:name/labels/:label', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { name, label } = parseWith(labelParams, request.params, 'params');
      return prompts.removeLabel(projectId, name, label);
    });
    app.post('/prompts/:name/render', async (request) => {
      const projectId = requireScope(request, 'read');
      const { name } = parseWith(nameParams, request.params, 'params');
      return prompts.render(projectId, name, parseWith(renderPromptBodySchema, request.body ?? {}));
    });
    app.get('/prompts/:name/diff', async (request) => {
      const projectId = requireScope(request, 'read');
      const { name } = parseWith(nameParams, request.params, 'params');
      const { from, to } = parseWith(promptDiffQuerySchema, request.query, 'query');
      return prompts.diff(projectId, name, from, to);
    });
  };
}

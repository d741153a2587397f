/**
 * Admin routes. Projects (list, create) and their members belong to instance administration and
 * need a signed-in instance administrator; a project's API keys need the `admin` scope in that
 * project (an admin key or an admin member).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { apiKeyCreateSchema } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { ConflictError, NotFoundError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';
import { requireInstanceAdmin } from '../auth/access-guards.js';
import { memberRoutes } from './members.js';
import { generateApiKey } from '../auth/api-keys.js';
import { apiKeyView, projectView } from '../auth/project-service.js';

const projectBody = z.object({ name: z.string().trim().min(1).max(128) });
const keyParams = z.object({ key_id: z.string().min(1).max(64) });

/** Admin routes. */
export function adminRoutes(services: AppServices): FastifyPluginAsync {
  const { auth, projects, memberships } = services;
  return async (app) => {
    await app.register(memberRoutes(services));
    app.get('/projects', async (request) => {
      requireInstanceAdmin(request);
      return { items: await projects.list() };
    });
    app.post('/projects', async (request, reply) => {
      const creator = requireInstanceAdmin(request);
      const { name } = parseWith(projectBody, request.body);
      const created = await auth.createProject(name);
      if (!created) throw new ConflictError(`A project named "${name}" already exists.`);
      // The creator becomes its first admin member (membership is what grants access to its data).
      await memberships.set(created.project.project_id, creator.user_id, 'admin');
      return reply.status(201).send({
        project: projectView(created.project),
        api_key: { ...apiKeyView(created.key), key: created.key.key },
      });
    });
    app.get('/keys', async (request) => {
      const projectId = requireScope(request, 'admin');
      return { items: await projects.keys(projectId) };
    });
    app.post('/keys', async (request, reply) => {
      const projectId = requireScope(request, 'admin');
      const { name, scopes, format } = parseWith(apiKeyCreateSchema, request.body);
      const key = await auth.createKey(projectId, name, scopes, generateApiKey(format));
      const view = apiKeyView(key);
      // A Langfuse pair also answers the names Langfuse uses (the secret is the key itself).
      const pair = view.public_key ? { public_key: view.public_key, secret_key: key.key } : {};
      return reply.status(201).send({ ...view, key: key.key, ...pair });
    });
    app.delete('/keys/:key_id', async (request) => {
      const projectId = requireScope(request, 'admin');
      const { key_id } = parseWith(keyParams, request.params, 'params');
      if (!(await auth.revokeKey(projectId, key_id))) throw new NotFoundError(`API key "${key_id}" was not found in this project or is already revoked.`);
      return { key_id, revoked: true };
    });
  };
}

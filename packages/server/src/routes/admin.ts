/**
 * Admin routes. Projects (list, create) and their members belong to instance administration and
 * need a signed-in instance administrator; a project's API keys need the `admin` scope in that
 * project (an admin key or an admin member).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { microsToIso, microsToIsoOrNull } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { HttpError, notFound, parseWith } from '../http-errors.js';
import { requireScope } from '../auth/auth-hook.js';
import { requireInstanceAdmin } from '../auth/access-guards.js';
import { memberRoutes } from './members.js';
import { scopeSchema } from '../auth/api-keys.js';
import type { ApiKeyRow } from '../storage/rows.js';

const projectBody = z.object({ name: z.string().trim().min(1).max(128) });
const keyBody = z.object({
  name: z.string().trim().min(1).max(128),
  scopes: z.array(scopeSchema).min(1).default(['ingest', 'read']),
});
const keyParams = z.object({ key_id: z.string().min(1).max(64) });

const keyView = (k: ApiKeyRow) => ({
  key_id: k.key_id,
  name: k.name,
  key_prefix: k.key_prefix,
  scopes: k.scopes,
  created_at: microsToIso(k.created_at),
  revoked_at: microsToIsoOrNull(k.revoked_at),
});

/** Admin routes. */
export function adminRoutes(services: AppServices): FastifyPluginAsync {
  const { auth, store, memberships } = services;
  return async (app) => {
    await app.register(memberRoutes(services));
    app.get('/projects', async (request) => {
      requireInstanceAdmin(request);
      const projects = await store.projects.listProjects();
      return { items: projects.map((p) => ({ project_id: p.project_id, name: p.name, created_at: microsToIso(p.created_at) })) };
    });
    app.post('/projects', async (request, reply) => {
      const creator = requireInstanceAdmin(request);
      const { name } = parseWith(projectBody, request.body);
      const created = await auth.createProject(name);
      if (!created) throw new HttpError(409, 'conflict', `A project named "${name}" already exists.`);
      // The creator becomes its first admin member (membership is what grants access to its data).
      await memberships.set(created.project.project_id, creator.user_id, 'admin');
      return reply.status(201).send({
        project: { project_id: created.project.project_id, name: created.project.name, created_at: microsToIso(created.project.created_at) },
        api_key: { ...keyView(created.key), key: created.key.key },
      });
    });
    app.get('/keys', async (request) => {
      const projectId = requireScope(request, 'admin');
      return { items: (await store.projects.listApiKeys(projectId)).map(keyView) };
    });
    app.post('/keys', async (request, reply) => {
      const projectId = requireScope(request, 'admin');
      const { name, scopes } = parseWith(keyBody, request.body);
      const key = await auth.createKey(projectId, name, scopes);
      return reply.status(201).send({ ...keyView(key), key: key.key });
    });
    app.delete('/keys/:key_id', async (request) => {
      const projectId = requireScope(request, 'admin');
      const { key_id } = parseWith(keyParams, request.params, 'params');
      if (!(await auth.revokeKey(projectId, key_id))) throw notFound(`API key "${key_id}" was not found in this project or is already revoked.`);
      return { key_id, revoked: true };
    });
  };
}

/**
 * User management for instance administrators: `GET/POST /users`, `PATCH/DELETE /users/{id}`.
 * API keys and project admins get 403 here: users are instance-wide.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../app.js';
import { InvalidError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import { requireInstanceAdmin } from '../auth/access-guards.js';
import { passwordSchema, roleSchema, userWithProjectsView, usernameSchema } from '../auth/user-service.js';

const projectId = z.string().min(1).max(64);
const createBody = z.object({
  username: usernameSchema,
  password: passwordSchema,
  instance_admin: z.boolean().default(false),
  default_project_id: projectId.nullable().optional(),
  /** Projects to add the new user to. */
  memberships: z.array(z.object({ project_id: projectId, role: roleSchema })).max(1000).default([]),
});
const patchBody = z
  .object({
    instance_admin: z.boolean().optional(),
    password: passwordSchema.optional(),
    default_project_id: projectId.nullable().optional(),
  })
  .refine((b) => b.instance_admin !== undefined || b.password !== undefined || b.default_project_id !== undefined, {
    message: 'send instance_admin, password or default_project_id',
  });
const userParams = z.object({ user_id: z.string().min(1).max(64) });

/** User routes (signed-in instance administrators only). */
export function userRoutes({ users, memberships, projects }: AppServices): FastifyPluginAsync {
  const checkProject = async (id: string | null | undefined) => {
    if (id && !(await projects.get(id))) {
      throw new InvalidError(`Project "${id}" does not exist.`, { code: 'unknown_project' });
    }
  };
  return async (app) => {
    app.get('/users', async (request) => {
      requireInstanceAdmin(request);
      const all = await memberships.all();
      return { items: (await users.list()).map((u) => userWithProjectsView(u, all)) };
    });
    app.post('/users', async (request, reply) => {
      requireInstanceAdmin(request);
      const body = parseWith(createBody, request.body);
      await checkProject(body.default_project_id);
      for (const m of body.memberships) await checkProject(m.project_id);
      const user = await users.create(body);
      for (const m of body.memberships) await memberships.set(m.project_id, user.user_id, m.role);
      return reply.status(201).send(userWithProjectsView(user, await memberships.all()));
    });
    app.patch('/users/:user_id', async (request) => {
      requireInstanceAdmin(request);
      const { user_id } = parseWith(userParams, request.params, 'params');
      const body = parseWith(patchBody, request.body);
      await checkProject(body.default_project_id);
      const user = await users.update(user_id, body, request.session?.sessionHash);
      return userWithProjectsView(user, await memberships.all());
    });
    app.delete('/users/:user_id', async (request) => {
      const actor = requireInstanceAdmin(request);
      const { user_id } = parseWith(userParams, request.params, 'params');
      await users.remove(user_id, actor.user_id);
      return { user_id, deleted: true };
    });
  };
}

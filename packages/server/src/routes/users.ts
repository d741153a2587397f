/** User management for admins: `GET/POST /users`, `PATCH/DELETE /users/{id}`. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../app.js';
import { HttpError, parseWith } from '../http-errors.js';
import { requireScope } from '../auth/auth-hook.js';
import { passwordSchema, roleSchema, userView, usernameSchema } from '../auth/user-service.js';

const createBody = z.object({
  username: usernameSchema,
  password: passwordSchema,
  role: roleSchema.default('viewer'),
  default_project_id: z.string().min(1).max(64).nullable().optional(),
});
const patchBody = z
  .object({
    role: roleSchema.optional(),
    password: passwordSchema.optional(),
    default_project_id: z.string().min(1).max(64).nullable().optional(),
  })
  .refine((b) => b.role !== undefined || b.password !== undefined || b.default_project_id !== undefined, {
    message: 'send role, password or default_project_id',
  });
const userParams = z.object({ user_id: z.string().min(1).max(64) });

/** User routes (the `admin` scope: admin users and admin API keys). */
export function userRoutes({ users, store }: AppServices): FastifyPluginAsync {
  const checkProject = async (projectId: string | null | undefined) => {
    if (projectId && !(await store.projects.getProject(projectId))) {
      throw new HttpError(400, 'unknown_project', `Project "${projectId}" does not exist.`);
    }
  };
  return async (app) => {
    app.get('/users', async (request) => {
      requireScope(request, 'admin');
      return { items: (await users.list()).map(userView) };
    });
    app.post('/users', async (request, reply) => {
      requireScope(request, 'admin');
      const body = parseWith(createBody, request.body);
      await checkProject(body.default_project_id);
      return reply.status(201).send(userView(await users.create(body)));
    });
    app.patch('/users/:user_id', async (request) => {
      requireScope(request, 'admin');
      const { user_id } = parseWith(userParams, request.params, 'params');
      const body = parseWith(patchBody, request.body);
      await checkProject(body.default_project_id);
      return userView(await users.update(user_id, body, request.session?.sessionHash));
    });
    app.delete('/users/:user_id', async (request) => {
      requireScope(request, 'admin');
      const { user_id } = parseWith(userParams, request.params, 'params');
      await users.remove(user_id, request.session?.user.user_id);
      return { user_id, deleted: true };
    });
  };
}

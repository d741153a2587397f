/**
 * Members of a project: `GET/POST /admin/projects/{project_id}/members`,
 * `PUT/DELETE /admin/projects/{project_id}/members/{user_id}`. Instance administrators manage any
 * project's members; a project's admin members manage that project's members (existing users only,
 * never the instance-administrator flag, never another project).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireProjectAdmin } from '../auth/access-guards.js';
import { memberView } from '../auth/membership-service.js';
import { roleSchema, usernameSchema } from '../auth/user-service.js';

const projectParams = z.object({ project_id: z.string().min(1).max(64) });
const memberParams = projectParams.extend({ user_id: z.string().min(1).max(64) });
const addBody = z.object({ username: usernameSchema, role: roleSchema.default('viewer') });
const roleBody = z.object({ role: roleSchema });

/** Member routes (under the /admin prefix). */
export function memberRoutes({ users, memberships }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.get('/projects/:project_id/members', async (request) => {
      const { project_id } = parseWith(projectParams, request.params, 'params');
      requireProjectAdmin(request, project_id);
      return { items: (await memberships.members(project_id)).map(memberView) };
    });
    // Adds an existing user by username (project admins do not see the instance's user list).
    app.post('/projects/:project_id/members', async (request, reply) => {
      const { project_id } = parseWith(projectParams, request.params, 'params');
      const { instanceAdmin } = requireProjectAdmin(request, project_id);
      const { username, role } = parseWith(addBody, request.body);
      const user = await users.byUsername(username);
      const member = await memberships.set(project_id, user.user_id, role, { keepAnAdmin: !instanceAdmin });
      return reply.status(201).send(memberView(member));
    });
    app.put('/projects/:project_id/members/:user_id', async (request) => {
      const { project_id, user_id } = parseWith(memberParams, request.params, 'params');
      const { instanceAdmin } = requireProjectAdmin(request, project_id);
      const { role } = parseWith(roleBody, request.body);
      return memberView(await memberships.set(project_id, user_id, role, { keepAnAdmin: !instanceAdmin }));
    });
    app.delete('/projects/:project_id/members/:user_id', async (request) => {
      const { project_id, user_id } = parseWith(memberParams, request.params, 'params');
      const { instanceAdmin } = requireProjectAdmin(request, project_id);
      await memberships.remove(project_id, user_id, { keepAnAdmin: !instanceAdmin });
      return { project_id, user_id, removed: true };
    });
  };
}

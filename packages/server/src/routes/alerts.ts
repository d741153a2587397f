/** Alert rules (create, list, detail, change, delete) and alerts (firing and resolved, with history). */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { alertListQuerySchema, alertRuleBodySchema, alertRulePatchSchema } from '@tracehub/core';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

const params = z.object({ rule_id: z.string().min(1).max(128) });

/** Alert routes: reading needs `read`; changing rules needs `admin` (rules send webhooks). */
export function alertRoutes({ alerts }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.post('/alerts/rules', async (request, reply) => {
      const projectId = requireScope(request, 'admin');
      return reply.status(201).send(await alerts.createRule(projectId, parseWith(alertRuleBodySchema, request.body)));
    });
    app.get('/alerts/rules', async (request) => alerts.listRules(requireScope(request, 'read')));
    app.get('/alerts/rules/:rule_id', async (request) => {
      const projectId = requireScope(request, 'read');
      return alerts.getRule(projectId, parseWith(params, request.params, 'params').rule_id);
    });
    app.patch('/alerts/rules/:rule_id', async (request) => {
      const projectId = requireScope(request, 'admin');
      const { rule_id } = parseWith(params, request.params, 'params');
      return alerts.updateRule(projectId, rule_id, parseWith(alertRulePatchSchema, request.body));
    });
    app.delete('/alerts/rules/:rule_id', async (request) => {
      const projectId = requireScope(request, 'admin');
      return alerts.deleteRule(projectId, parseWith(params, request.params, 'params').rule_id);
    });
    app.get('/alerts', async (request) => {
      const projectId = requireScope(request, 'read');
      return alerts.listAlerts(projectId, parseWith(alertListQuerySchema, request.query, 'query'));
    });
  };
}

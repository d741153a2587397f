/** Online evaluation rules (create, list, detail, change, delete, backfill), the operator's model connections and judge calibration. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';
import { agreementQuerySchema, backfillBodySchema, evaluationRuleBodySchema, evaluationRulePatchSchema } from '@tracehub/core';

const params = z.object({ id: z.string().min(1).max(128) });
// PostgreSQL text cannot hold NUL: refused here rather than failing in the query.
const evaluatorParams = z.object({ name: z.string().min(1).max(256).refine((v) => !v.includes('\u0000'), 'must not contain NUL characters') });

/** Reading needs `read`; rules spend judge money, so changing them or running a backfill needs `admin`. */
export function evaluationRuleRoutes({ onlineEvals }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.post('/evaluation-rules', async (request, reply) => {
      const projectId = requireScope(request, 'admin');
      return reply.status(201).send(await onlineEvals.createRule(projectId, parseWith(evaluationRuleBodySchema, request.body)));
    });
    app.get('/evaluation-rules', async (request) => onlineEvals.listRules(requireScope(request, 'read')));
    app.get('/evaluation-rules/:id', async (request) => {
      const projectId = requireScope(request, 'read');
      return onlineEvals.getRule(projectId, parseWith(params, request.params, 'params').id);
    });
    app.patch('/evaluation-rules/:id', async (request) => {
      const projectId = requireScope(request, 'admin');
      const { id } = parseWith(params, request.params, 'params');
      return onlineEvals.updateRule(projectId, id, parseWith(evaluationRulePatchSchema, request.body));
    });
    app.delete('/evaluation-rules/:id', async (request) => {
      const projectId = requireScope(request, 'admin');
      return onlineEvals.deleteRule(projectId, parseWith(params, request.params, 'params').id);
    });
    app.post('/evaluation-rules/:id/backfill', async (request) => {
      const projectId = requireScope(request, 'admin');
      const { id } = parseWith(params, request.params, 'params');
      return onlineEvals.backfill(projectId, id, parseWith(backfillBodySchema, request.body ?? {}));
    });
    app.get('/evaluators/:name/agreement', async (request) => {
      const projectId = requireScope(request, 'read');
      const { name } = parseWith(evaluatorParams, request.params, 'params');
      return onlineEvals.agreement(projectId, name, parseWith(agreementQuerySchema, request.query, 'query'));
    });
    app.get('/model-connections', async (request) => {
      requireScope(request, 'read');
      return onlineEvals.listConnections();
    });
  };
}

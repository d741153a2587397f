/** Langfuse API: `GET /api/public/sessions` and `GET /api/public/sessions/{sessionId}` (with its traces). */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { NotFoundError } from '../../domain-errors.js';
import { parseWith } from '../../parse-input.js';
import { langfusePage, langfuseTime, langfuseTrace } from '../../langfuse/reads.js';
import { sessionListFilter } from '../../langfuse/reads-query.js';

const sessionParams = z.object({ sessionId: z.string().min(1).max(256) });

/** Session routes of the Langfuse API (`read`): a session is the traces sharing a session id; it was created with its first trace. */
export function langfuseSessionRoutes({ traces }: Pick<AppServices, 'traces'>): FastifyPluginAsync {
  return async (app) => {
    app.get('/api/public/sessions', async (request) => {
      const projectId = requireScope(request, 'read');
      const { page, limit, filter } = sessionListFilter(request.query);
      const sessions = await traces.sessions(projectId, filter);
      const data = sessions.items.map((s) => ({ id: s.session_id, createdAt: langfuseTime(s.first_time), projectId, environment: 'default' }));
      return langfusePage(data, page, limit, sessions.total);
    });
    app.get('/api/public/sessions/:sessionId', async (request) => {
      const projectId = requireScope(request, 'read');
      const { sessionId } = parseWith(sessionParams, request.params, 'params');
      const session = await traces.session(projectId, sessionId);
      if (!session) throw new NotFoundError(`Session "${sessionId}" has no traces in this project.`);
      return {
        id: sessionId,
        createdAt: langfuseTime(session.first_time),
        projectId,
        environment: session.traces[0]?.environment ?? 'default',
        traces: session.traces.map(langfuseTrace),
      };
    });
  };
}

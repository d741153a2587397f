/**
 * `POST /api/v1/feedback`: end-user feedback from a browser (docs/ab-tests.md#user-feedback). Needs
 * the `feedback` scope (a key with only that scope can write nothing else and read nothing, so it
 * may ship in a web page); `ingest` keys may send it too. CORS is open on this route only.
 */
import cors from '@fastify/cors';
import type { FastifyPluginAsync } from 'fastify';
import { feedbackBodySchema } from '@tracehub/core';
import type { FeedbackService } from '../feedback/feedback-service.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

/** The feedback route; CORS is registered inside this plugin, so no other route gets it. */
export function feedbackRoutes({ feedback }: { feedback: FeedbackService }): FastifyPluginAsync {
  return async (app) => {
    await app.register(cors, { origin: '*', methods: ['POST'], allowedHeaders: ['content-type', 'x-api-key', 'authorization'], maxAge: 600 });
    app.post('/feedback', async (request, reply) => {
      const projectId = requireScope(request, 'feedback');
      return reply.status(201).send(await feedback.record(projectId, parseWith(feedbackBodySchema, request.body)));
    });
  };
}

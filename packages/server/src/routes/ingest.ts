/** Ingestion routes of SPEC §2: traces, span events, LangGraph runs, evals. */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import {
  evalInputSchema,
  evalsBatchBodySchema,
  ingestSpansBodySchema,
  ingestTracesBodySchema,
  langgraphRunBodySchema,
  type IngestResult,
} from '@tracehub/core';
import type { AppServices } from '../app.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';
import { mapLanggraphRun } from '../ingest/langgraph-mapper.js';

/** 200 when every item applied or was a duplicate, 207 when some were rejected. */
function answer(reply: FastifyReply, result: IngestResult) {
  return reply.status(result.rejected > 0 ? 207 : 200).send(result);
}

/** Ingestion routes. */
export function ingestRoutes({ ingest }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.post('/ingest/traces', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      return answer(reply, await ingest.ingestTraces(projectId, parseWith(ingestTracesBodySchema, request.body)));
    });
    app.post('/ingest/spans', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      return answer(reply, await ingest.ingestSpanEvents(projectId, parseWith(ingestSpansBodySchema, request.body)));
    });
    app.post('/ingest/langgraph-runs', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      const run = parseWith(langgraphRunBodySchema, request.body);
      return answer(reply, await ingest.ingestTraces(projectId, mapLanggraphRun(run)));
    });
    app.post('/evals', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      const body = request.body;
      const evals = typeof body === 'object' && body !== null && 'evals' in body
        ? parseWith(evalsBatchBodySchema, body).evals
        : [parseWith(evalInputSchema, body)];
      return answer(reply, await ingest.ingestEvals(projectId, evals));
    });
  };
}

/**
 * `POST /api/v1/playground/runs`: runs a prompt against one to four model connections and streams
 * the answers as NDJSON (one JSON event per line, docs/playground.md). Running spends model money:
 * a signed-in member or admin may run (the `ingest` scope; viewers may look but not run), and of API
 * keys only an `admin` key — an application's ingest key, shipped with the app, must not reach the
 * operator's model connections.
 * Bad input is refused with a 4xx before the first line is sent.
 */
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import type { AppServices } from '../app.js';
import { requireScope } from '../auth/auth-hook.js';
import { parseWith } from '../parse-input.js';
import { playgroundRunBodySchema } from '../playground/playground-schema.js';

/** The playground's route. */
export function playgroundRoutes({ playground }: AppServices): FastifyPluginAsync {
  return async (app) => {
    app.post('/playground/runs', async (request, reply) => {
      const projectId = requireScope(request, request.session ? 'ingest' : 'admin');
      const run = await playground.prepare(projectId, parseWith(playgroundRunBodySchema, request.body));
      const out = new PassThrough();
      const aborted = new AbortController();
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) aborted.abort(new Error('the client went away'));
      });
      run.execute((event) => out.write(`${JSON.stringify(event)}\n`), aborted.signal)
        .catch((error: Error) => {
          request.log.error({ err: error }, 'playground run failed');
          out.write(`${JSON.stringify({ type: 'failed', message: 'The run could not be recorded.' })}\n`);
        })
        .finally(() => out.end());
      return reply.type('application/x-ndjson; charset=utf-8').header('cache-control', 'no-store').header('x-trace-id', run.traceId).send(out);
    });
  };
}

/**
 * A run's artifacts (the files of its results folder): `PUT …/artifacts` registers manifest.json,
 * `PUT …/artifacts/<path>` uploads one file it lists (application/octet-stream, checked against the
 * manifest's sha256), `GET …/artifacts` lists, `GET …/artifacts/<path>` downloads, `DELETE …/artifacts`
 * removes them. Reads need `read` (viewers); uploads and deletes need `ingest` (members, writers).
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { create as contentDisposition } from 'content-disposition';
import { experimentRunIdSchema } from '@tracehub/core';
import type { ArtifactService } from '../artifacts/artifact-service.js';
import { InvalidError } from '../domain-errors.js';
import { parseWith } from '../parse-input.js';
import { requireScope } from '../auth/auth-hook.js';

const runParams = z.object({ run_id: experimentRunIdSchema });
const fileParams = runParams.extend({ '*': z.string() });

/** Artifact routes over the artifact service. */
export function experimentArtifactRoutes({ artifacts }: { artifacts: ArtifactService }): FastifyPluginAsync {
  return async (app) => {
    // File bodies reach the service as a stream: it bounds their size (TRACEHUB_ARTIFACT_MAX_FILE_MB) and hashes them on the way.
    app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

    app.get('/experiments/:run_id/artifacts', async (request) => {
      const projectId = requireScope(request, 'read');
      return artifacts.list(projectId, parseWith(runParams, request.params, 'params').run_id);
    });
    app.put('/experiments/:run_id/artifacts', async (request) => {
      const projectId = requireScope(request, 'ingest');
      return artifacts.putManifest(projectId, parseWith(runParams, request.params, 'params').run_id, request.body);
    });
    app.delete('/experiments/:run_id/artifacts', async (request) => {
      const projectId = requireScope(request, 'ingest');
      return { removed: await artifacts.removeRun(projectId, parseWith(runParams, request.params, 'params').run_id) };
    });
    app.put('/experiments/:run_id/artifacts/*', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const params = parseWith(fileParams, request.params, 'params');
      const length = Number(request.headers['content-length']);
      const body = request.body;
      if (!(body instanceof Readable)) throw new InvalidError('Send the file as the request body with Content-Type: application/octet-stream.');
      return artifacts.putFile(projectId, params.run_id, params['*'], body, Number.isFinite(length) ? length : undefined);
    });
    app.get('/experiments/:run_id/artifacts/*', async (request, reply: FastifyReply) => {
      const projectId = requireScope(request, 'read');
      const params = parseWith(fileParams, request.params, 'params');
      const file = await artifacts.open(projectId, params.run_id, params['*']);
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.bytes))
        .header('content-disposition', contentDisposition(file.fileName))
        .header('cache-control', 'private, no-store')
        .send(file.body);
    });
  };
}

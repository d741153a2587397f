/**
 * Langfuse API: scores over Trace Hub evaluations (mapping in langfuse/scores.ts). `POST /scores`
 * stores one evaluation as the ingestion's `score-create` does, `GET /v2/scores` lists them with Langfuse's filters,
 * `GET /v2/scores/{id}` reads one and `DELETE /scores/{id}` deletes one. Reads need the `read`
 * scope; writes need `ingest`.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { EvalView } from '@tracehub/core';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { InvalidError, NotFoundError, NotImplementedError, TooLargeError } from '../../domain-errors.js';
import { parseWith } from '../../parse-input.js';
import { LANGFUSE_SCORE_KEY_PREFIX, evalToLangfuseScore, type LangfuseScore } from '../../langfuse/scores.js';
import { createLangfuseIngestion } from '../../langfuse/ingestion-service.js';
import { langfusePage, pageQuerySchema } from '../../langfuse/datasets.js';

/** Most evaluations a list with filters Trace Hub applies after reading (dataType, source, …) looks through. */
export const SCORE_SCAN_LIMIT = 10_000;
const SCAN_PAGE = 1000;

const time = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 time');
const list = z.union([z.string(), z.array(z.string())]).transform((v) => (Array.isArray(v) ? v : [v]));
const scoresQuerySchema = pageQuerySchema(100).extend({
  userId: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  fromTimestamp: time.optional(),
  toTimestamp: time.optional(),
  environment: list.optional(),
  source: z.enum(['API', 'EVAL', 'ANNOTATION']).optional(),
  operator: z.enum(['<', '>', '<=', '>=', '=', '!=', '<>']).optional(),
  value: z.coerce.number().optional(),
  scoreIds: z.string().optional(),
  configId: z.string().optional(),
  sessionId: z.string().optional(),
  datasetRunId: z.string().optional(),
  traceId: z.string().min(1).optional(),
  observationId: z.string().optional(),
  queueId: z.string().optional(),
  dataType: z.enum(['NUMERIC', 'BOOLEAN', 'CATEGORICAL', 'TEXT', 'CORRECTION']).optional(),
  traceTags: list.optional(),
  fields: z.string().optional(),
  filter: z.string().optional(),
});
type ScoresQuery = z.output<typeof scoresQuerySchema>;
const idParams = z.object({ id: z.string().min(1) });
type EvalFilter = Parameters<AppServices['traces']['evals']>[1];

const micros = (iso: string) => Date.parse(iso) * 1000;
const commaList = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** What the store filters, and a test for what Trace Hub checks on the mapped scores. */
function scoreFilters(query: ScoresQuery): { store: Omit<EvalFilter, 'page' | 'page_size'>; keep: ((s: LangfuseScore) => boolean) | null } {
  const observations = query.observationId ? commaList(query.observationId) : [];
  const store: Omit<EvalFilter, 'page' | 'page_size'> = {
    trace_id: query.traceId,
    eval_name: query.name,
    user_id: query.userId,
    from: query.fromTimestamp ? micros(query.fromTimestamp) : undefined,
    to: query.toTimestamp ? micros(query.toTimestamp) : undefined,
    span_id: observations.length === 1 ? observations[0] : undefined,
  };
  const tests: ((s: LangfuseScore) => boolean)[] = [];
  if (observations.length > 1) tests.push((s) => s.observationId !== null && observations.includes(s.observationId));
  if (query.source) tests.push((s) => s.source === query.source);
  if (query.dataType) tests.push((s) => s.dataType === query.dataType);
  if (query.environment) tests.push((s) => query.environment!.includes(s.environment));
  if (query.configId) tests.push((s) => s.configId === query.configId);
  if (query.queueId) tests.push((s) => s.queueId === query.queueId);
  if (query.scoreIds) {
    const ids = new Set(commaList(query.scoreIds));
    tests.push((s) => ids.has(s.id));
  }
  if (query.operator) {
    if (query.value === undefined) throw new InvalidError('query.value: an operator needs a value');
    const v = query.value;
    const compare: Record<string, (x: number) => boolean> = {
      '<': (x) => x < v, '>': (x) => x > v, '<=': (x) => x <= v, '>=': (x) => x >= v, '=': (x) => x === v, '!=': (x) => x !== v, '<>': (x) => x !== v,
    };
    tests.push((s) => s.value !== null && compare[query.operator!](s.value));
  }
  return { store, keep: tests.length ? (s) => tests.every((t) => t(s)) : null };
}

/** Langfuse score routes. */
export function langfuseScoreRoutes({ ingest, traces }: Pick<AppServices, 'ingest' | 'traces'>): FastifyPluginAsync {
  const ingestion = createLangfuseIngestion(ingest);
  /** The evaluation a Langfuse score id names: the score id it was stored with, else the evaluation id. */
  async function findScore(projectId: string, id: string): Promise<EvalView | null> {
    const byKey = await traces.evals(projectId, { idempotency_key: `${LANGFUSE_SCORE_KEY_PREFIX}${id}`, page: 1, page_size: 1 });
    if (byKey.items.length) return byKey.items[0];
    const byId = await traces.evals(projectId, { eval_id: id, page: 1, page_size: 1 });
    return byId.items[0] ?? null;
  }

  return async (app) => {
    // One score-create event through the ingestion (the same mapping, trace creation and idempotency).
    app.post('/api/public/scores', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const body = request.body;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new InvalidError('a score must be a JSON object');
      const given = (body as { id?: unknown }).id;
      const id = typeof given === 'string' && given ? given : randomUUID();
      const event = { id: randomUUID(), type: 'score-create', timestamp: new Date().toISOString(), body: { ...body, id } };
      const [error] = (await ingestion.ingest(projectId, [event])).errors;
      if (error) throw error.status < 500 ? new InvalidError(error.message) : new Error(error.message);
      return { id };
    });

    app.get('/api/public/v2/scores', async (request) => {
      const projectId = requireScope(request, 'read');
      const query = parseWith(scoresQuerySchema, request.query, 'query');
      if (query.traceTags || query.filter) {
        throw new NotImplementedError('Trace Hub does not filter scores by traceTags or by a JSON filter; use traceId, userId, name, source, dataType or a time range.');
      }
      const { page, limit } = query;
      // Trace Hub keeps scores on traces only: no score has a session or a dataset run.
      if (query.sessionId || query.datasetRunId) return langfusePage([], page, limit, 0);
      const { store, keep } = scoreFilters(query);
      if (!keep) {
        const result = await traces.evals(projectId, { ...store, page, page_size: limit });
        return langfusePage(result.items.map(evalToLangfuseScore), page, limit, result.total);
      }
      const kept: LangfuseScore[] = [];
      for (let scanPage = 1; ; scanPage++) {
        const result = await traces.evals(projectId, { ...store, page: scanPage, page_size: SCAN_PAGE });
        if (result.total > SCORE_SCAN_LIMIT) {
          throw new TooLargeError(
            `${result.total} scores match traceId/userId/name/time; Trace Hub checks the other filters on at most ${SCORE_SCAN_LIMIT}. Narrow the list with traceId, userId, name or fromTimestamp/toTimestamp.`,
          );
        }
        kept.push(...result.items.map(evalToLangfuseScore).filter(keep));
        if (scanPage * SCAN_PAGE >= result.total) break;
      }
      return langfusePage(kept.slice((page - 1) * limit, page * limit), page, limit, kept.length);
    });

    app.get('/api/public/v2/scores/:id', async (request) => {
      const projectId = requireScope(request, 'read');
      const { id } = parseWith(idParams, request.params, 'params');
      const found = await findScore(projectId, id);
      if (!found) throw new NotFoundError(`Score "${id}" was not found in this project.`);
      return evalToLangfuseScore(found);
    });

    app.delete('/api/public/scores/:id', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      const { id } = parseWith(idParams, request.params, 'params');
      const found = await findScore(projectId, id);
      if (!found || !(await traces.removeEval(projectId, found.eval_id))) throw new NotFoundError(`Score "${id}" was not found in this project.`);
      return reply.status(204).send();
    });
  };
}

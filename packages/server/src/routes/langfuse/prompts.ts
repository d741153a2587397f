/**
 * Langfuse API prompts (`/api/public/v2/prompts`) over Trace Hub's prompt registry: the same
 * prompts, versions and labels as `/api/v1/prompts`. Reads need `read`, writes `ingest`. Trace Hub
 * versions are immutable, so DELETE answers 501 with the reason.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { createPromptBodySchema, DEFAULT_PROMPT_LABEL, LATEST_LABEL, versionNumberSchema, type PromptVersionView } from '@tracehub/core';
import type { AppServices } from '../../app.js';
import { requireScope } from '../../auth/auth-hook.js';
import { NotFoundError, NotImplementedError } from '../../domain-errors.js';
import { parseWith } from '../../parse-input.js';
import {
  LANGFUSE_NOT_FOUND,
  langfuseCreatePromptSchema,
  langfuseGetPromptQuerySchema,
  langfuseListPromptsQuerySchema,
  langfusePrompt,
  langfusePromptMeta,
  langfuseUpdatePromptSchema,
  promptNotFound,
  tagsOf,
  traceHubCreateBody,
  versionMatches,
} from '../../langfuse/prompts.js';

const nameParams = z.object({ name: z.string().min(1) });
const versionParams = z.object({ name: z.string().min(1), version: versionNumberSchema });

/** Runs `work`; a not-found from the service becomes `replacement` (or keeps its message with Langfuse's error code). */
async function langfuseNotFound<T>(work: () => Promise<T>, replacement?: NotFoundError): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFoundError) throw replacement ?? new NotFoundError(error.message, { code: LANGFUSE_NOT_FOUND });
    throw error;
  }
}

/** Langfuse prompt routes. */
export function langfusePromptRoutes({ prompts }: Pick<AppServices, 'prompts'>): FastifyPluginAsync {
  const latestOrNull = (projectId: string, name: string) =>
    prompts.get(projectId, name, { label: LATEST_LABEL }).catch((error: unknown) => {
      if (error instanceof NotFoundError) return null;
      throw error;
    });

  /** A version as Langfuse answers it, with the prompt's tags (those of its newest version). */
  async function answer(projectId: string, view: PromptVersionView) {
    const latest = view.labels.includes(LATEST_LABEL) ? view : await latestOrNull(projectId, view.name);
    return langfusePrompt(view, tagsOf((latest ?? view).config));
  }

  return async (app) => {
    app.get('/api/public/v2/prompts/:name', async (request) => {
      const projectId = requireScope(request, 'read');
      const { name } = parseWith(nameParams, request.params, 'params');
      const query = parseWith(langfuseGetPromptQuerySchema, request.query, 'query');
      const selector = query.version !== undefined ? { version: query.version } : { label: query.label ?? DEFAULT_PROMPT_LABEL };
      const view = await langfuseNotFound(() => prompts.get(projectId, name, selector), promptNotFound(name, selector));
      return answer(projectId, view);
    });

    app.get('/api/public/v2/prompts', async (request) => {
      const projectId = requireScope(request, 'read');
      const query = parseWith(langfuseListPromptsQuerySchema, request.query, 'query');
      const all = (await prompts.listWithLatest(projectId))
        .filter(({ summary, latest }) => (query.name === undefined || summary.name === query.name) && (query.tag === undefined || tagsOf(latest.config).includes(query.tag)))
        .filter(({ summary }) => (query.label === undefined || summary.labels[query.label] !== undefined) && (query.version === undefined || query.version <= summary.latest_version))
        .sort((a, b) => (a.summary.name < b.summary.name ? -1 : a.summary.name > b.summary.name ? 1 : 0));
      const byVersion = query.label !== undefined || query.version !== undefined || query.fromUpdatedAt !== undefined || query.toUpdatedAt !== undefined;
      const metas = [];
      for (const { summary, latest } of all) {
        const tags = tagsOf(latest.config);
        if (!byVersion) {
          const versions = Array.from({ length: summary.latest_version }, (_, i) => i + 1);
          metas.push(langfusePromptMeta(latest, versions, Object.keys(summary.labels), tags));
          continue;
        }
        // Versions are listed oldest first; the last matching one gives lastConfig and lastUpdatedAt.
        const matching = (await prompts.versions(projectId, summary.name)).items.filter((v) => versionMatches(v, query));
        if (matching.length > 0) {
          const labels = [...new Set(matching.flatMap((v) => v.labels))];
          metas.push(langfusePromptMeta(matching[matching.length - 1], matching.map((v) => v.version), labels, tags));
        }
      }
      const start = (query.page - 1) * query.limit;
      return {
        data: metas.slice(start, start + query.limit),
        meta: { page: query.page, limit: query.limit, totalItems: metas.length, totalPages: Math.ceil(metas.length / query.limit) },
      };
    });

    app.post('/api/public/v2/prompts', async (request, reply) => {
      const projectId = requireScope(request, 'ingest');
      const body = parseWith(langfuseCreatePromptSchema, request.body);
      const latest = await latestOrNull(projectId, body.name);
      const create = parseWith(createPromptBodySchema, traceHubCreateBody(body, latest ? tagsOf(latest.config) : []));
      const result = await prompts.create(projectId, create);
      // Identical to the newest version: no new version, but the labels asked for still move onto it.
      const view = !result.created && create.labels.length > 0 ? await prompts.promote(projectId, create.name, result.prompt.version, create.labels) : result.prompt;
      return reply.status(201).send(langfusePrompt(view, tagsOf(view.config)));
    });

    app.patch('/api/public/v2/prompts/:name/versions/:version', async (request) => {
      const projectId = requireScope(request, 'ingest');
      const { name, version } = parseWith(versionParams, request.params, 'params');
      const { newLabels } = parseWith(langfuseUpdatePromptSchema, request.body);
      const view = await langfuseNotFound(() =>
        newLabels.length > 0 ? prompts.promote(projectId, name, version, newLabels) : prompts.get(projectId, name, { version }),
      );
      return answer(projectId, view);
    });

    app.delete('/api/public/v2/prompts/:name', async (request) => {
      requireScope(request, 'ingest');
      const { name } = parseWith(nameParams, request.params, 'params');
      throw new NotImplementedError(
        `Trace Hub does not delete prompt versions (prompt "${name}"): versions are immutable and traces and experiments refer to them. Move labels with PATCH /api/public/v2/prompts/{name}/versions/{version} instead; docs/langfuse-compatibility.md#prompts.`,
      );
    });
  };
}

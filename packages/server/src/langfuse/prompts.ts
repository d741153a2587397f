/**
 * Langfuse prompts ↔ Trace Hub prompt versions. A Langfuse prompt is a Trace Hub prompt whose
 * template format is chosen by `templateFormatFor` (Langfuse templates are `{{var}}`, but many teams
 * keep Python `{var}` templates there and call `.format`); its prompt-level tags are kept in
 * the version's config under `langfuse_tags` (Trace Hub versions have no tags), and the answer
 * takes them out of `config` again. Chat messages carry Langfuse's `type: 'chatmessage'`.
 */
import { z } from 'zod';
import {
  checkPrompt,
  DEFAULT_PROMPT_LABEL,
  LATEST_LABEL,
  promptLabelSchema,
  promptVariables,
  type PromptContent,
  type PromptVersionView,
} from '@tracehub/core';
import { InvalidError, NotFoundError } from '../domain-errors.js';

/** The config key that holds a prompt's Langfuse tags. */
export const LANGFUSE_TAGS_KEY = 'langfuse_tags';

/** The error code of Langfuse's 404 answers (`{error: 'LangfuseNotFoundError', message}`). */
export const LANGFUSE_NOT_FOUND = 'LangfuseNotFoundError';

const LATEST_MESSAGE = "Label 'latest' is always assigned to the latest prompt version";

/** Body of `POST /api/public/v2/prompts` (text or chat; the Python SDKs send `null` for fields left out; unknown fields are ignored). */
export const langfuseCreatePromptSchema = z.object({
  name: z.string().min(1),
  type: z.enum(['text', 'chat']).nullish(),
  prompt: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]),
  config: z.unknown().optional(),
  labels: z.array(z.string()).nullish(),
  tags: z.array(z.string().min(1).max(128)).max(50).nullish(),
  commitMessage: z.string().nullish(),
  isActive: z.boolean().nullish(),
});
export type LangfuseCreatePromptBody = z.output<typeof langfuseCreatePromptSchema>;

/** Query of `GET /api/public/v2/prompts/{name}`: a version wins over a label; `resolve` is accepted (there are no dependencies). */
export const langfuseGetPromptQuerySchema = z.object({
  version: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  label: z.string().min(1).optional(),
  resolve: z.enum(['true', 'false']).optional(),
});

/** Body of `PATCH /api/public/v2/prompts/{name}/versions/{version}`. */
export const langfuseUpdatePromptSchema = z.object({
  newLabels: z
    .array(promptLabelSchema)
    .max(20)
    .refine((labels) => !labels.includes(LATEST_LABEL), LATEST_MESSAGE),
});

const isoTime = z.iso.datetime({ offset: true });

/** Query of `GET /api/public/v2/prompts`. */
export const langfuseListPromptsQuerySchema = z.object({
  name: z.string().optional(),
  label: z.string().optional(),
  tag: z.string().optional(),
  version: z.coerce.number().int().min(1).optional(),
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(10),
  fromUpdatedAt: isoTime.optional(),
  toUpdatedAt: isoTime.optional(),
});
export type LangfuseListPromptsQuery = z.output<typeof langfuseListPromptsQuerySchema>;

/** The Langfuse tags stored in a version's config. */
export function tagsOf(config: Record<string, unknown>): string[] {
  const tags = config[LANGFUSE_TAGS_KEY];
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

/** A version's config as Langfuse shows it: without the stored tags. */
export function langfuseConfig(config: Record<string, unknown>): Record<string, unknown> {
  const { [LANGFUSE_TAGS_KEY]: _tags, ...rest } = config;
  return rest;
}

/** Why Trace Hub cannot hold `name`, for names Langfuse allows and Trace Hub does not (folders). */
export function nameProblem(name: string): string | undefined {
  return name.includes('/')
    ? `Prompt name "${name}" contains "/": Langfuse folders are not supported, Trace Hub prompt names are letters, digits, "_", "-" and "." (e.g. "${name.replaceAll('/', '.')}").`
    : undefined;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The Trace Hub template format of a prompt sent through the Langfuse API: `fstring` when no text
 * has `{{` and the prompt parses as Python format fields that are all plain names (`{question}`,
 * what `prompt.format(**inputs)` fills); else `mustache`, the format Langfuse's `compile` uses.
 * Either way the text is stored and answered as sent; the format decides Trace Hub's own render.
 */
export function templateFormatFor(prompt: PromptContent): 'fstring' | 'mustache' {
  const texts = typeof prompt === 'string' ? [prompt] : prompt.map((m) => m.content);
  if (texts.some((t) => typeof t !== 'string' || t.includes('{{'))) return 'mustache';
  if (!checkPrompt(prompt, 'fstring').ok) return 'mustache';
  const names = promptVariables(prompt, 'fstring');
  return names.length > 0 && names.every((n) => IDENTIFIER.test(n)) ? 'fstring' : 'mustache';
}

function chatMessages(items: Array<Record<string, unknown>>): Array<Record<string, unknown>> {
  return items.map((item, index) => {
    if (item.type === 'placeholder') {
      throw new InvalidError(`prompt.${index}: chat placeholders (type "placeholder") are not supported by Trace Hub prompts; send {role, content} messages.`, {
        issues: [{ path: `prompt.${index}`, message: 'placeholders are not supported' }],
      });
    }
    const { type: _type, ...message } = item;
    return message;
  });
}

/**
 * The Trace Hub create body (still to be checked with `createPromptBodySchema`) for a Langfuse
 * create. `existingTags` are the prompt's tags so far: Langfuse keeps them when `tags` is left out.
 * `latest` in the labels is dropped (the server keeps it on the newest version); `isActive` adds
 * `production`, as Langfuse's legacy field does.
 */
export function traceHubCreateBody(body: LangfuseCreatePromptBody, existingTags: string[]): Record<string, unknown> {
  const problem = nameProblem(body.name);
  if (problem) throw new InvalidError(problem, { issues: [{ path: 'name', message: problem }] });
  const config = body.config ?? {};
  if (typeof config !== 'object' || Array.isArray(config)) {
    throw new InvalidError('config: must be a JSON object', { issues: [{ path: 'config', message: 'must be a JSON object' }] });
  }
  const tags = [...new Set(body.tags ?? existingTags)];
  const labels = [...new Set([...(body.labels ?? []), ...(body.isActive ? [DEFAULT_PROMPT_LABEL] : [])])].filter((l) => l !== LATEST_LABEL);
  const prompt = Array.isArray(body.prompt) ? chatMessages(body.prompt) : body.prompt;
  return {
    name: body.name,
    type: body.type ?? 'text',
    prompt,
    config: tags.length > 0 ? { ...config, [LANGFUSE_TAGS_KEY]: tags } : langfuseConfig(config as Record<string, unknown>),
    labels,
    commit_message: body.commitMessage ?? null,
    template_format: templateFormatFor(prompt as PromptContent),
  };
}

/** Langfuse's Prompt: one version, with the prompt-level `tags` (those of the newest version). */
export function langfusePrompt(view: PromptVersionView, tags: string[]) {
  return {
    name: view.name,
    version: view.version,
    type: view.type,
    prompt: typeof view.prompt === 'string' ? view.prompt : view.prompt.map((m) => ({ type: 'chatmessage' as const, role: m.role, content: m.content })),
    config: langfuseConfig(view.config),
    labels: view.labels,
    tags,
    commitMessage: view.commit_message,
    resolutionGraph: null,
    isActive: view.labels.includes(DEFAULT_PROMPT_LABEL),
    createdAt: view.created_at,
    updatedAt: view.created_at,
  };
}

/** Langfuse's PromptMeta: the newest matching version `last`, the matching version numbers and their labels. */
export function langfusePromptMeta(last: PromptVersionView, versions: number[], labels: string[], tags: string[]) {
  return {
    name: last.name,
    type: last.type,
    versions,
    labels,
    tags,
    lastUpdatedAt: last.created_at,
    lastConfig: langfuseConfig(last.config),
  };
}

/** Whether one version passes a list's version, label and time filters. */
export function versionMatches(view: PromptVersionView, query: LangfuseListPromptsQuery): boolean {
  const at = Date.parse(view.created_at);
  return (
    (query.version === undefined || view.version === query.version) &&
    (query.label === undefined || view.labels.includes(query.label)) &&
    (query.fromUpdatedAt === undefined || at >= Date.parse(query.fromUpdatedAt)) &&
    (query.toUpdatedAt === undefined || at < Date.parse(query.toUpdatedAt))
  );
}

/** Langfuse's 404 for a prompt lookup: `Prompt not found: 'name' with label 'production'` (or `with version N`). */
export function promptNotFound(name: string, selector: { version?: number; label?: string }): NotFoundError {
  const what = selector.version !== undefined ? `with version ${selector.version}` : `with label '${selector.label ?? DEFAULT_PROMPT_LABEL}'`;
  const hint = nameProblem(name);
  return new NotFoundError(`Prompt not found: '${name}' ${what}${hint ? `. ${hint}` : ''}`, { code: LANGFUSE_NOT_FOUND });
}

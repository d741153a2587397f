/**
 * The prompt registry: immutable versions, labels that each sit on one version (`latest` always on
 * the newest), rendering and diffs. Pushing content identical to the newest version (prompt, type,
 * config, template format) makes no version.
 */
import { createHash } from 'node:crypto';
import {
  canonicalJson,
  checkPrompt,
  DEFAULT_PROMPT_LABEL,
  LATEST_LABEL,
  renderPrompt,
  unifiedDiff,
  type CreatePromptBody,
  type CreatePromptResult,
  type PromptContent,
  type PromptDiff,
  type PromptListResponse,
  type PromptLookupQuery,
  type PromptSummary,
  type PromptVersionList,
  type PromptVersionView,
  type RenderPromptBody,
  type TemplateFormat,
} from '@tracehub/core';
import { InvalidError, NotFoundError, TooLargeError } from '../domain-errors.js';
import { tooDeep } from '../datasets/nesting-guard.js';
import type { PromptStore, PromptVersionRow } from '../storage/prompt-store.js';
import { promptContent, promptSummary, promptVersionView } from './prompt-views.js';

/** Which version to use: a version number, or a label (default production). */
export type PromptSelector = PromptLookupQuery;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The content hash that decides whether a push is a new version. */
export function promptContentHash(body: Pick<CreatePromptBody, 'type' | 'prompt' | 'config' | 'template_format'>): string {
  return sha256(canonicalJson({ type: body.type, prompt: body.prompt, config: body.config, template_format: body.template_format }));
}

const templateText = (prompt: PromptContent) => (typeof prompt === 'string' ? prompt : `${JSON.stringify(prompt, null, 2)}\n`);

/**
 * Renders `content` with `variables`; a missing variable is a 400 that names it. The render is
 * bounded (DEFAULT_RENDER_LIMITS: output, template steps, section nesting); past a limit, 413.
 */
export function renderOrThrow(content: PromptContent, format: TemplateFormat, variables: Record<string, unknown>): PromptContent {
  const rendered = tooDeep('variables', () => renderPrompt(content, format, variables));
  if (!rendered.ok) {
    const { problem } = rendered;
    const options = { code: problem.kind, issues: [{ path: 'variables', message: problem.message }] };
    throw problem.kind === 'too_large' ? new TooLargeError(problem.message, options) : new InvalidError(problem.message, options);
  }
  return rendered.value;
}

/** Creates the prompt service. */
export function createPromptService(store: PromptStore, now: () => number) {
  async function view(projectId: string, row: PromptVersionRow) {
    const [labels, latest] = await Promise.all([store.listLabels(projectId, row.name), store.latestVersion(projectId, row.name)]);
    return promptVersionView(row, labels, latest?.version ?? row.version);
  }

  /** The version `selector` names; 404 that says what is missing. */
  async function resolve(projectId: string, name: string, selector: PromptSelector): Promise<PromptVersionRow> {
    const latest = await store.latestVersion(projectId, name);
    if (!latest) throw new NotFoundError(`Prompt "${name}" was not found in this project.`);
    if (selector.version !== undefined) {
      const row = selector.version === latest.version ? latest : await store.getVersion(projectId, name, selector.version);
      if (!row) throw new NotFoundError(`Prompt "${name}" has no version ${selector.version} (the newest is ${latest.version}).`);
      return row;
    }
    const label = selector.label ?? DEFAULT_PROMPT_LABEL;
    if (label === LATEST_LABEL) return latest;
    const found = (await store.listLabels(projectId, name)).find((l) => l.label === label);
    if (!found) {
      throw new NotFoundError(`Prompt "${name}" has no version labelled "${label}"; promote one or ask for ?label=latest or ?version=N.`);
    }
    const row = found.version === latest.version ? latest : await store.getVersion(projectId, name, found.version);
    if (!row) throw new NotFoundError(`Prompt "${name}" has no version ${found.version}.`);
    return row;
  }

  /** A version or label given as text (`3`, `production`). */
  const parseRef = (ref: string): PromptSelector => (/^\d+$/.test(ref) ? { version: Number(ref) } : { label: ref });

  return {
    resolve,

    /** Creates a version unless the content equals the newest one; answers which happened. */
    async create(projectId: string, body: CreatePromptBody): Promise<CreatePromptResult> {
      const checked = checkPrompt(body.prompt, body.template_format);
      if (!checked.ok) {
        throw new InvalidError(`prompt: ${checked.problem.message}`, { code: checked.problem.kind, issues: [{ path: 'prompt', message: checked.problem.message }] });
      }
      const hash = tooDeep('config', () => promptContentHash(body));
      const at = now();
      const outcome = await store.write(projectId, body.name, async (tx) => {
        const latest = await tx.latestVersion(projectId, body.name);
        if (latest && latest.content_hash === hash) return { created: false, row: latest };
        const row: PromptVersionRow = {
          project_id: projectId,
          name: body.name,
          version: (latest?.version ?? 0) + 1,
          type: body.type,
          prompt: typeof body.prompt === 'string' ? body.prompt : JSON.stringify(body.prompt),
          config: JSON.stringify(body.config),
          template_format: body.template_format,
          commit_message: body.commit_message ?? null,
          content_hash: hash,
          created_at: at,
        };
        await tx.insertVersion(row);
        await tx.setLabels(projectId, body.name, row.version, [...new Set(body.labels)], at);
        return { created: true, row };
      });
      const message = outcome.created
        ? `Created version ${outcome.row.version} of prompt "${body.name}".`
        : `Identical to version ${outcome.row.version} of prompt "${body.name}"; no new version was created.`;
      return { created: outcome.created, message, prompt: await view(projectId, outcome.row) };
    },

    async get(projectId: string, name: string, selector: PromptSelector) {
      return view(projectId, await resolve(projectId, name, selector));
    },

    async list(projectId: string): Promise<PromptListResponse> {
      const [latest, labels] = await Promise.all([store.listLatest(projectId), store.listLabels(projectId)]);
      return { items: latest.map((row) => promptSummary(row, labels)) };
    },

    /** Every prompt's summary with its newest version in full (config included), for API adapters that list more than `list`. */
    async listWithLatest(projectId: string): Promise<Array<{ summary: PromptSummary; latest: PromptVersionView }>> {
      const [latest, labels] = await Promise.all([store.listLatest(projectId), store.listLabels(projectId)]);
      return latest.map((row) => ({ summary: promptSummary(row, labels), latest: promptVersionView(row, labels, row.version) }));
    },

    async versions(projectId: string, name: string): Promise<PromptVersionList> {
      const [rows, labels] = await Promise.all([store.listVersions(projectId, name), store.listLabels(projectId, name)]);
      if (rows.length === 0) throw new NotFoundError(`Prompt "${name}" was not found in this project.`);
      const latest = rows[rows.length - 1].version;
      return { name, items: rows.map((row) => promptVersionView(row, labels, latest)) };
    },

    /** Moves each label onto `version` (a label sits on one version only). */
    async promote(projectId: string, name: string, version: number, labels: string[]) {
      const row = await store.write(projectId, name, async (tx) => {
        const found = await tx.getVersion(projectId, name, version);
        if (!found) {
          const latest = await tx.latestVersion(projectId, name);
          throw new NotFoundError(latest ? `Prompt "${name}" has no version ${version} (the newest is ${latest.version}).` : `Prompt "${name}" was not found in this project.`);
        }
        await tx.setLabels(projectId, name, version, [...new Set(labels)], now());
        return found;
      });
      return view(projectId, row);
    },

    async removeLabel(projectId: string, name: string, label: string) {
      if (label === LATEST_LABEL) throw new InvalidError(`"${LATEST_LABEL}" always follows the newest version and cannot be removed.`);
      const removed = await store.write(projectId, name, (tx) => tx.removeLabel(projectId, name, label));
      if (!removed) throw new NotFoundError(`Prompt "${name}" has no label "${label}".`);
      return { name, label, removed: true };
    },

    /** Renders a version with `variables` (renderOrThrow). */
    async render(projectId: string, name: string, body: RenderPromptBody) {
      const row = await resolve(projectId, name, body);
      const prompt = renderOrThrow(promptContent(row), row.template_format, body.variables);
      return { name, version: row.version, type: row.type, template_format: row.template_format, prompt };
    },

    /** Unified diffs of the template and config between two versions or labels. */
    async diff(projectId: string, name: string, from: string, to: string): Promise<PromptDiff> {
      const [a, b] = await Promise.all([resolve(projectId, name, parseRef(from)), resolve(projectId, name, parseRef(to))]);
      const configText = (row: PromptVersionRow) => `${JSON.stringify(JSON.parse(row.config), null, 2)}\n`;
      const label = (row: PromptVersionRow, what: string) => `${name}@${row.version}/${what}`;
      return {
        name,
        from: a.version,
        to: b.version,
        identical: a.content_hash === b.content_hash,
        prompt_diff: unifiedDiff(templateText(promptContent(a)), templateText(promptContent(b)), { fromLabel: label(a, 'prompt'), toLabel: label(b, 'prompt') }),
        config_diff: unifiedDiff(configText(a), configText(b), { fromLabel: label(a, 'config'), toLabel: label(b, 'config') }),
        changes: {
          type: a.type !== b.type ? [a.type, b.type] : null,
          template_format: a.template_format !== b.template_format ? [a.template_format, b.template_format] : null,
        },
      };
    },
  };
}

/** The prompt service. */
export type PromptService = ReturnType<typeof createPromptService>;

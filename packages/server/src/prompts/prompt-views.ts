/** Prompt rows → API views. */
import { LATEST_LABEL, microsToIso, promptVariables, type ChatMessage, type PromptContent, type PromptSummary, type PromptVersionView } from '@tracehub/core';
import type { PromptLabelRow, PromptVersionRow } from '../storage/prompt-store.js';

/** The template of a stored version: text, or the chat messages parsed from their JSON text. */
export function promptContent(row: PromptVersionRow): PromptContent {
  return row.type === 'chat' ? (JSON.parse(row.prompt) as ChatMessage[]) : row.prompt;
}

/** The labels on `row`, with `latest` when it is the newest version. */
export function labelsOf(row: PromptVersionRow, labels: PromptLabelRow[], latestVersion: number): string[] {
  const names = labels.filter((l) => l.name === row.name && l.version === row.version).map((l) => l.label);
  return row.version === latestVersion ? [LATEST_LABEL, ...names] : names;
}

/** One version as the API shows it. */
export function promptVersionView(row: PromptVersionRow, labels: PromptLabelRow[], latestVersion: number): PromptVersionView {
  const prompt = promptContent(row);
  return {
    name: row.name,
    version: row.version,
    type: row.type,
    prompt,
    config: JSON.parse(row.config) as Record<string, unknown>,
    labels: labelsOf(row, labels, latestVersion),
    template_format: row.template_format,
    commit_message: row.commit_message,
    variables: promptVariables(prompt, row.template_format),
    content_hash: row.content_hash,
    created_at: microsToIso(row.created_at),
  };
}

/** One row of the prompt list: the newest version and where each label points. */
export function promptSummary(latest: PromptVersionRow & { version_count: number }, labels: PromptLabelRow[]): PromptSummary {
  const map: Record<string, number> = { [LATEST_LABEL]: latest.version };
  for (const l of labels) if (l.name === latest.name) map[l.label] = l.version;
  return {
    name: latest.name,
    latest_version: latest.version,
    version_count: latest.version_count,
    labels: map,
    type: latest.type,
    template_format: latest.template_format,
    updated_at: microsToIso(latest.created_at),
  };
}

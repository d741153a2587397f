/**
 * `dataset upload --to langsmith|langfuse`: the same items re-uploaded to a LangSmith or Langfuse
 * dataset of the same name (seeds 000/001: "re-upload to Langfuse/LangSmith datasets"). Both are
 * idempotent: an item id maps to a stable LangSmith example id / Langfuse dataset item id (the ones
 * the langsmith and langfuse trackers use), so new items are created, changed ones updated and
 * unchanged ones left alone. Nothing is deleted there; items of that dataset the upload lacks are counted.
 */
import { canonicalJson } from '@tracehub/core';
import {
  ApiError,
  createLangSmithApi,
  ensureLangSmithDataset,
  langfuseItemId,
  langsmithExampleId,
  langsmithSettings,
  listLangSmithExamples,
  syncLangSmithExamples,
} from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import { createLangfuseApi, type LangfusePage } from '../collect/langfuse-source.js';
import type { UploadItem } from '../local/dataset-files.js';
import type { LangfuseSettings } from '../settings.js';

/** An item with the id every target needs. */
export type TargetItem = UploadItem & { id: string };

/** What an upload to one target did. */
export interface TargetResult {
  target: 'langsmith' | 'langfuse';
  dataset: string;
  /** Where (LANGSMITH_ENDPOINT / LANGFUSE_HOST). */
  at: string;
  created: boolean;
  added: number;
  updated: number;
  unchanged: number;
  /** Items of the target dataset this upload does not have (left as they are). */
  not_in_upload: number;
}

/** Uploads `items` as the LangSmith dataset `name` (LANGSMITH_ENDPOINT, LANGSMITH_API_KEY). */
export async function uploadToLangSmith(name: string, description: string, items: TargetItem[]): Promise<TargetResult> {
  const settings = langsmithSettings(process.env);
  if (!settings.apiKey) throw new CliError('--to langsmith needs LANGSMITH_API_KEY (and LANGSMITH_ENDPOINT for a self-hosted LangSmith) in the environment.');
  const api = createLangSmithApi(settings, 2);
  const dataset = await ensureLangSmithDataset(api, name, description);
  const existing = dataset.created ? new Map() : await listLangSmithExamples(api, dataset.id);
  const ids = new Set(items.map((i) => langsmithExampleId(name, i.id)));
  const notInUpload = [...existing.keys()].filter((id) => !ids.has(id)).length;
  const sync = await syncLangSmithExamples(
    api,
    { id: dataset.id, name },
    items.map((i) => ({ id: i.id, input: i.input, expected: i.expected_output, metadata: i.metadata })),
    existing,
  );
  return { target: 'langsmith', dataset: name, at: settings.endpoint, created: dataset.created, ...sync, not_in_upload: notInUpload };
}

interface LangfuseItem {
  id: string;
  input?: unknown;
  expectedOutput?: unknown;
  metadata?: unknown;
}

/** Uploads `items` as the Langfuse dataset `name` (LANGFUSE_HOST, LANGFUSE_PUBLIC_KEY, LANGFUSE_SECRET_KEY). */
export async function uploadToLangfuse(settings: LangfuseSettings, name: string, description: string, items: TargetItem[]): Promise<TargetResult> {
  const api = createLangfuseApi(settings, '--to langfuse');
  const existing = new Map<string, LangfuseItem>();
  let created = false;
  try {
    for (let page = 1; ; page++) {
      const answer = await api.get<LangfusePage<LangfuseItem>>('/api/public/dataset-items', { datasetName: name, page, limit: 100 });
      for (const item of answer.data) existing.set(item.id, item);
      if (answer.data.length === 0 || page >= (answer.meta?.totalPages ?? page)) break;
    }
  } catch (error) {
    // Langfuse answers 404 for the items of a dataset that does not exist yet.
    if (!(error instanceof ApiError && error.status === 404)) throw error;
    created = true;
  }
  // Creating is an upsert by name in Langfuse (the langfuse tracker sends it every run).
  await api.post('/api/public/v2/datasets', { name, description, metadata: { source: 'tracehub' } });
  const ids = new Set<string>();
  let added = 0;
  let updated = 0;
  for (const item of items) {
    const body = { datasetName: name, id: langfuseItemId(name, item.id), input: item.input, expectedOutput: item.expected_output ?? null, metadata: { ...item.metadata, tracehub_item_id: item.id } };
    ids.add(body.id);
    const before = existing.get(body.id);
    if (before && canonicalJson([before.input ?? null, before.expectedOutput ?? null, before.metadata ?? {}]) === canonicalJson([body.input ?? null, body.expectedOutput, body.metadata])) continue;
    await api.post('/api/public/dataset-items', body);
    if (before) updated++;
    else added++;
  }
  const notInUpload = [...existing.keys()].filter((id) => !ids.has(id)).length;
  return { target: 'langfuse', dataset: name, at: settings.host, created, added, updated, unchanged: items.length - added - updated, not_in_upload: notInUpload };
}

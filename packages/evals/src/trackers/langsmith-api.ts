/**
 * LangSmith's REST API as the langsmith SDKs call it: every path is appended to LANGSMITH_ENDPOINT
 * (default https://api.smith.langchain.com; a self-hosted LangSmith's is `https://<host>/api/v1`),
 * the key goes in the `x-api-key` header (LANGSMITH_API_KEY; LANGCHAIN_* as the SDKs also read).
 * Shared by `dataset collect --source langsmith`, `dataset upload --to langsmith` and the `langsmith`
 * tracker, over the one JSON client (createJsonApi).
 *
 * Datasets: `GET /datasets?name=` or `POST /datasets`; examples: `GET /examples?dataset=` (offset
 * paging), `POST /examples/bulk` for new ones, `PATCH /examples/bulk` for changed ones. An example's
 * id is a UUID v5 of the dataset name and the Trace Hub item id, so uploading (or tracking) the same
 * items again updates them instead of adding copies, and an upload and a tracked run share examples.
 */
import { v5 as uuidv5 } from 'uuid';
import { canonicalJson } from '@tracehub/core';
import { createJsonApi, type JsonApi } from '../api/json-api-client.js';

/** The LangSmith SDKs' default API address. */
export const LANGSMITH_DEFAULT_ENDPOINT = 'https://api.smith.langchain.com';

/** Where LangSmith is and who we are there. */
export interface LangSmithSettings {
  endpoint: string;
  apiKey: string | undefined;
  /** LANGSMITH_PROJECT: the tracing project (a LangSmith "session") collect reads by default. */
  project: string | undefined;
}

/** Reads LANGSMITH_ENDPOINT, LANGSMITH_API_KEY and LANGSMITH_PROJECT (or their LANGCHAIN_* names). */
export function langsmithSettings(env: NodeJS.ProcessEnv): LangSmithSettings {
  return {
    endpoint: (env.LANGSMITH_ENDPOINT || env.LANGCHAIN_ENDPOINT || LANGSMITH_DEFAULT_ENDPOINT).replace(/\/+$/, ''),
    apiKey: env.LANGSMITH_API_KEY || env.LANGCHAIN_API_KEY || undefined,
    project: env.LANGSMITH_PROJECT || env.LANGCHAIN_PROJECT || undefined,
  };
}

/** A JSON client for LangSmith (`retries` of transient failures, default 0). */
export function createLangSmithApi(settings: LangSmithSettings, retries = 0): JsonApi {
  return createJsonApi({
    baseUrl: settings.endpoint,
    headers: { 'x-api-key': settings.apiKey ?? '' },
    service: 'LangSmith',
    hostVariable: 'LANGSMITH_ENDPOINT',
    authHint: 'Check LANGSMITH_API_KEY.',
    retries,
  });
}

/** Namespace of the example ids Trace Hub gives LangSmith examples (a fixed random UUID). */
const EXAMPLE_NAMESPACE = '0b9f5a3e-6c1d-4f0e-9a57-2f3c8d7e41b6';

/** The LangSmith example id of a Trace Hub item: stable per dataset name and item id. */
export const langsmithExampleId = (dataset: string, itemId: string) => uuidv5(`${dataset}\u0000${itemId}`, EXAMPLE_NAMESPACE);

/** A Trace Hub item as LangSmith needs it. */
export interface LangSmithItem {
  id: string;
  input: unknown;
  expected: unknown;
  metadata: Record<string, unknown>;
}

interface LangSmithExample {
  id: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);

/** LangSmith inputs are an object: an object input as it is, anything else as `{input}`. */
export const langsmithInputs = (input: unknown): Record<string, unknown> => (isRecord(input) ? input : { input });

/** The example an item becomes (expected output → outputs, the item id kept in metadata). */
function exampleOf(datasetId: string, dataset: string, item: LangSmithItem) {
  return {
    id: langsmithExampleId(dataset, item.id),
    dataset_id: datasetId,
    inputs: langsmithInputs(item.input),
    outputs: item.expected === null || item.expected === undefined ? null : isRecord(item.expected) ? item.expected : { expected_output: item.expected },
    metadata: { ...item.metadata, tracehub_item_id: item.id },
  };
}

/** The id of the dataset named `name`, created (key-value) when there is none. */
export async function ensureLangSmithDataset(api: JsonApi, name: string, description: string): Promise<{ id: string; created: boolean }> {
  const found = await api.get<Array<{ id: string; name: string }>>('/datasets', { name, limit: 1 });
  const existing = Array.isArray(found) ? found.find((d) => d.name === name) : undefined;
  if (existing) return { id: existing.id, created: false };
  const created = await api.post<{ id: string }>('/datasets', { name, description, data_type: 'kv' });
  return { id: created.id, created: true };
}

/** The examples of a dataset (latest version), by id. */
export async function listLangSmithExamples(api: JsonApi, datasetId: string): Promise<Map<string, LangSmithExample>> {
  const all = new Map<string, LangSmithExample>();
  const limit = 100;
  for (let offset = 0; ; offset += limit) {
    const page = await api.get<LangSmithExample[]>('/examples', { dataset: datasetId, offset, limit });
    for (const e of page) all.set(e.id, e);
    if (page.length < limit) return all;
  }
}

/** What an upload of examples did. */
export interface ExampleSync {
  added: number;
  updated: number;
  unchanged: number;
}

const BULK = 100;

/**
 * Creates the items' examples that `existing` lacks and updates those whose inputs, outputs or
 * metadata differ; `existing` is updated to match. Answers the counts.
 */
export async function syncLangSmithExamples(
  api: JsonApi,
  target: { id: string; name: string },
  items: LangSmithItem[],
  existing: Map<string, LangSmithExample>,
): Promise<ExampleSync> {
  const fresh: Array<ReturnType<typeof exampleOf>> = [];
  const changed: Array<ReturnType<typeof exampleOf>> = [];
  for (const item of items) {
    const example = exampleOf(target.id, target.name, item);
    const before = existing.get(example.id);
    if (!before) fresh.push(example);
    else if (canonicalJson([before.inputs, before.outputs ?? null, before.metadata ?? {}]) !== canonicalJson([example.inputs, example.outputs, example.metadata])) changed.push(example);
  }
  for (let i = 0; i < fresh.length; i += BULK) await api.post('/examples/bulk', fresh.slice(i, i + BULK));
  for (let i = 0; i < changed.length; i += BULK) await api.patch('/examples/bulk', changed.slice(i, i + BULK));
  for (const e of [...fresh, ...changed]) existing.set(e.id, { id: e.id, inputs: e.inputs, outputs: e.outputs, metadata: e.metadata });
  return { added: fresh.length, updated: changed.length, unchanged: items.length - fresh.length - changed.length };
}

/** The id of the tracing project (session) named `name`; throws a sentence when there is none. */
export async function langsmithProjectId(api: JsonApi, name: string): Promise<string> {
  const found = await api.get<Array<{ id: string; name: string }>>('/sessions', { name, limit: 1 });
  const project = Array.isArray(found) ? found.find((s) => s.name === name) : undefined;
  if (!project) throw new Error(`LangSmith has no project named "${name}"; check the name (LANGSMITH_PROJECT or --project).`);
  return project.id;
}

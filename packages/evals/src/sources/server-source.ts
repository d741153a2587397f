/** Datasets and prompts from a Trace Hub server (`GET /api/v1/datasets/{name}`, `GET /api/v1/prompts/{name}`). */
import type { DatasetDetailView, PromptVersionView } from './server-views.js';
import type { DatasetSnapshot, PromptSnapshot } from '../experiment-types.js';
import { sha256Json } from '../hashing.js';
import { createTraceHubApi } from '../api/json-api-client.js';

/** GET a JSON path under /api/v1; failures throw one readable sentence. */
export type JsonGet = <T>(path: string, query?: Record<string, string | number | undefined>) => Promise<T>;

/** A JsonGet for `host` with `apiKey`, over the one Trace Hub API client (failures are ApiErrors). */
export function createJsonGet(host: string, apiKey: string): JsonGet {
  const api = createTraceHubApi({ host, apiKey });
  return <T>(path: string, query?: Record<string, string | number | undefined>) => api.get<T>(path, query);
}

/** The active items of a dataset version (default the latest). */
export async function loadServerDataset(get: JsonGet, name: string, version: number | null): Promise<DatasetSnapshot> {
  const detail = await get<DatasetDetailView>(`/datasets/${encodeURIComponent(name)}`, { version: version ?? undefined });
  if (!detail.version) throw new Error(`Dataset "${name}" has no version yet; upload items first (tracehub dataset upload --name ${name}).`);
  const items = detail.items
    .filter((i) => i.status === 'active')
    .map((i) => ({ id: i.id, input: i.input, expected: i.expected_output ?? null, metadata: i.metadata ?? {} }));
  return { name, version: String(detail.version.version), sha256: detail.version.sha256 || sha256Json(items), source: 'server', items };
}

/** A prompt version by label (default production) or number. */
export async function loadServerPrompt(get: JsonGet, name: string, label: string | null, version: number | null): Promise<PromptSnapshot> {
  const view = await get<PromptVersionView>(`/prompts/${encodeURIComponent(name)}`, version !== null ? { version } : { label: label ?? undefined });
  return {
    name: view.name,
    version: String(view.version),
    label: version !== null ? null : (label ?? 'production'),
    type: view.type,
    template_format: view.template_format,
    prompt: view.prompt,
    config: view.config ?? {},
    content_hash: view.content_hash,
    source: 'server',
  };
}

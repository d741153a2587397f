/** Datasets and prompts from a Trace Hub server (`GET /api/v1/datasets/{name}`, `GET /api/v1/prompts/{name}`). */
import type { DatasetDetailView, PromptVersionView } from './server-views.js';
import type { DatasetSnapshot, PromptSnapshot } from '../experiment-types.js';
import { sha256Json } from '../hashing.js';

/** GET a JSON path under /api/v1; failures throw one readable sentence. */
export type JsonGet = <T>(path: string, query?: Record<string, string | number | undefined>) => Promise<T>;

/** A JsonGet over fetch for `host` with `apiKey`. */
export function createJsonGet(host: string, apiKey: string): JsonGet {
  const base = host.replace(/\/+$/, '');
  return async <T>(path: string, query: Record<string, string | number | undefined> = {}) => {
    const url = new URL(`${base}/api/v1${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    let response: Response;
    try {
      response = await fetch(url, { headers: { 'x-api-key': apiKey }, signal: AbortSignal.timeout(60_000) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      throw new Error(`Cannot reach Trace Hub at ${base} (${cause?.code ?? (error as Error).message}); start it or set TRACEHUB_HOST.`);
    }
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 200);
      try {
        detail = (JSON.parse(text) as { message?: string }).message ?? detail;
      } catch {
        // not JSON
      }
      throw Object.assign(new Error(`Trace Hub: ${detail} (${response.status} on GET ${path})`), { status: response.status });
    }
    return JSON.parse(text) as T;
  };
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

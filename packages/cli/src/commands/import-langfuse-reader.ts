/**
 * Reads a Langfuse server's public API for `tracehub import langfuse`: prompts (every version),
 * datasets and their items, traces of a time range with their observations and scores. Basic auth
 * with the key pair; transient failures are retried (core's retry policy through the JSON client).
 */
import { createJsonApi } from '@tracehub/evals';
import { CliError } from '../cli-error.js';
import type { LangfuseDataset, LangfuseDatasetItem, LangfusePrompt, LangfuseTrace } from './import-langfuse-mapping.js';

/** Where the Langfuse server is. */
export interface LangfuseSource {
  host: string;
  publicKey: string;
  secretKey: string;
}

interface Page<T> {
  data: T[];
  meta?: { page?: number; totalItems?: number; totalPages?: number };
}

/** Retries of each read (network errors, 408/429/502/503/504). */
const RETRIES = 4;

/** A reader of one Langfuse server. */
export function createLangfuseReader(source: LangfuseSource) {
  const api = createJsonApi({
    baseUrl: source.host,
    headers: { authorization: `Basic ${Buffer.from(`${source.publicKey}:${source.secretKey}`).toString('base64')}` },
    service: 'Langfuse',
    hostVariable: '--host (or LANGFUSE_HOST / LANGFUSE_BASE_URL)',
    authHint: 'Check --public-key and --secret-key (or LANGFUSE_PUBLIC_KEY / LANGFUSE_SECRET_KEY).',
    retries: RETRIES,
  });

  /** Every page of a list route; `onTotal` hears the total item count from the first page. */
  async function* pages<T>(route: string, query: Record<string, string | number | undefined>, limit: number, onTotal?: (total: number) => void) {
    for (let page = 1; ; page++) {
      const answer = await api.get<Page<T>>(route, { ...query, page, limit });
      if (!answer || !Array.isArray(answer.data)) throw new CliError(`Langfuse answered GET ${route} without a "data" list; is the host a Langfuse server?`);
      if (page === 1 && answer.meta?.totalItems !== undefined) onTotal?.(answer.meta.totalItems);
      yield answer.data;
      const totalPages = answer.meta?.totalPages;
      if (answer.data.length === 0 || (totalPages !== undefined ? page >= totalPages : answer.data.length < limit)) return;
    }
  }

  async function all<T>(route: string, query: Record<string, string | number | undefined>, limit: number): Promise<T[]> {
    const out: T[] = [];
    for await (const data of pages<T>(route, query, limit)) out.push(...data);
    return out;
  }

  const enc = encodeURIComponent;
  return {
    /** Names and version numbers of every prompt. */
    promptList: () => all<{ name: string; versions: number[] }>('/api/public/v2/prompts', {}, 100),
    /** One version of a prompt. */
    prompt: (name: string, version: number) => api.get<LangfusePrompt>(`/api/public/v2/prompts/${enc(name)}`, { version }),
    datasets: () => all<LangfuseDataset>('/api/public/v2/datasets', {}, 100),
    datasetItems: (datasetName: string) => all<LangfuseDatasetItem>('/api/public/dataset-items', { datasetName }, 100),
    /** Pages of traces from `from` to `to`, oldest first (a stable order while new traces arrive). */
    traces: (from: string | undefined, to: string, onTotal: (total: number) => void) =>
      pages<LangfuseTrace>('/api/public/traces', { fromTimestamp: from, toTimestamp: to, orderBy: 'timestamp.asc' }, 50, onTotal),
    /** One trace with its observations and scores. */
    trace: (id: string) => api.get<LangfuseTrace>(`/api/public/traces/${enc(id)}`),
  };
}

/** The reader's type. */
export type LangfuseReader = ReturnType<typeof createLangfuseReader>;

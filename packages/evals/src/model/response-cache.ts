/**
 * The on-disk response cache. Key: sha256 of the canonical JSON (keys sorted) of
 * `{provider, model, parameters, messages}` — provider is the backend id including its base URL —
 * plus `salt` when a call asks for a distinct answer (a repetition after the first, a judge retry).
 * One file per answer: `<dir>/<key[0..2]>/<key>.json`. Default dir `.tracehub-cache/` of the working dir.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sha256Json } from '../hashing.js';
import type { ChatRequest, ChatResponse } from './model-provider.js';

/** Default cache directory, under the working directory. */
export const DEFAULT_CACHE_DIR = '.tracehub-cache';

/** The cache key of a request to `providerId`. */
export function cacheKey(providerId: string, request: ChatRequest): string {
  return sha256Json({
    provider: providerId,
    model: request.model,
    parameters: request.parameters,
    messages: request.messages,
    ...(request.cacheSalt ? { salt: request.cacheSalt } : {}),
  });
}

/** Stored answers by key. */
export interface ResponseCache {
  get(key: string): Promise<ChatResponse | null>;
  put(key: string, response: ChatResponse): Promise<void>;
}

/** A cache of files under `dir` (created on first write). Unreadable entries count as misses. */
export function createResponseCache(dir: string): ResponseCache {
  const file = (key: string) => path.join(dir, key.slice(0, 2), `${key}.json`);
  return {
    async get(key) {
      try {
        const stored = JSON.parse(await fs.promises.readFile(file(key), 'utf8')) as { response?: ChatResponse };
        return stored.response && typeof stored.response.content === 'string' ? stored.response : null;
      } catch {
        return null;
      }
    },
    async put(key, response) {
      const target = file(key);
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
      await fs.promises.writeFile(temp, JSON.stringify({ key, stored_at: new Date().toISOString(), response }));
      await fs.promises.rename(temp, target);
    },
  };
}

/**
 * A provider decorator that answers repeated requests from the response cache. Only usable answers
 * are stored: a failed call (it throws), an empty answer, or one the request's `validate` rejects
 * (judge JSON that does not parse or breaks its schema) is never cached, and a stored answer that is
 * not usable (written by an older version) is never replayed — so `--retry-errors` really asks again.
 */
import type { ChatRequest, ChatResponse, ModelProvider } from './model-provider.js';
import { cacheKey, type ResponseCache } from './response-cache.js';

/** Whether `content` may be stored and replayed for `request`. */
export function isCacheable(request: ChatRequest, content: string): boolean {
  return content.trim() !== '' && (request.validate?.(content) ?? null) === null;
}

/** Wraps `inner`: a usable hit answers `cached: true` with the stored usage and latency; otherwise it calls, and stores a usable answer. */
export function withResponseCache(inner: ModelProvider, cache: ResponseCache): ModelProvider {
  return {
    id: inner.id,
    kind: inner.kind,
    async chat(request: ChatRequest): Promise<ChatResponse> {
      const key = cacheKey(inner.id, request);
      const hit = await cache.get(key);
      if (hit && isCacheable(request, hit.content)) return { ...hit, cached: true };
      const response = await inner.chat(request);
      if (isCacheable(request, response.content)) await cache.put(key, response);
      return response;
    },
    ...(inner.embed ? { embed: inner.embed.bind(inner) } : {}),
  };
}

/** A provider decorator that answers repeated requests from the response cache. */
import type { ChatRequest, ChatResponse, ModelProvider } from './model-provider.js';
import { cacheKey, type ResponseCache } from './response-cache.js';

/** Wraps `inner`: a hit answers `cached: true` with the stored usage and latency; a miss calls and stores. */
export function withResponseCache(inner: ModelProvider, cache: ResponseCache): ModelProvider {
  return {
    id: inner.id,
    kind: inner.kind,
    async chat(request: ChatRequest): Promise<ChatResponse> {
      const key = cacheKey(inner.id, request);
      const hit = await cache.get(key);
      if (hit) return { ...hit, cached: true };
      const response = await inner.chat(request);
      await cache.put(key, response);
      return response;
    },
    ...(inner.embed ? { embed: inner.embed.bind(inner) } : {}),
  };
}

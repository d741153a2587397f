/** Builds a provider from a model config: offline, or an OpenAI-compatible endpoint (with the cache). */
import path from 'node:path';
import type { ModelConfig } from '../experiment-types.js';
import type { ModelProvider } from './model-provider.js';
import { createOfflineProvider } from './offline-provider.js';
import { createOpenAiProvider, PROVIDER_BASE_URLS } from './openai-provider.js';
import { withResponseCache } from './cached-provider.js';
import { createResponseCache, DEFAULT_CACHE_DIR } from './response-cache.js';

/** Where the cache lives and whether it is used. */
export interface CacheSettings {
  enabled: boolean;
  /** Default `.tracehub-cache` under the working directory. */
  dir?: string;
}

/** Provider names the runner knows: `offline`, `openai` and the local-server aliases. */
const PROVIDER_NAMES = ['offline', ...Object.keys(PROVIDER_BASE_URLS)] as const;

/** The base URL a config resolves to (config, then the alias default). */
function resolveBaseUrl(config: Pick<ModelConfig, 'provider' | 'base_url'>): string | null {
  if (config.provider === 'offline') return null;
  return config.base_url ?? PROVIDER_BASE_URLS[config.provider] ?? null;
}

/**
 * Creates the provider for `config`. The offline provider is never cached (it is already
 * deterministic and local); OpenAI-compatible ones are, unless `cache.enabled` is false.
 */
export function createProvider(
  config: Pick<ModelConfig, 'provider' | 'base_url'>,
  options: { apiKey?: string; cache: CacheSettings; timeoutMs?: number; maxRetries?: number; cwd?: string },
): ModelProvider {
  if (config.provider === 'offline') return createOfflineProvider();
  if (!(config.provider in PROVIDER_BASE_URLS)) {
    throw new Error(`Unknown provider "${config.provider}"; use one of ${PROVIDER_NAMES.join(', ')} (any OpenAI-compatible server works as openai with --base-url).`);
  }
  const provider = createOpenAiProvider({
    baseUrl: resolveBaseUrl(config) ?? undefined,
    apiKey: options.apiKey,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
  });
  if (!options.cache.enabled) return provider;
  const dir = path.resolve(options.cwd ?? process.cwd(), options.cache.dir ?? DEFAULT_CACHE_DIR);
  return withResponseCache(provider, createResponseCache(dir));
}

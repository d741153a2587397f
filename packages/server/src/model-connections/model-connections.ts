/**
 * The operator's model connections as one mechanism for every model call the server makes: online
 * evaluators, the playground and the decision judge (decision/llm-judge.ts builds its providers with
 * createGuardedProvider for the connection a policy names). Connections come from judge-connections.ts (name, base
 * URL, key from the environment, the models offered); every OpenAI-compatible call goes through the
 * outbound-guarded fetch, so a connection reaches a private or loopback address only when it opts in
 * (`allow_private`) or the operator allows it. The built-in `offline` provider needs no configuration.
 * Keys never leave the server: `list()` shows names, base URLs and models only.
 */
import type { ChatRequest, ModelProvider } from '@tracehub/evals';
import { createOfflineProvider } from '@tracehub/evals/offline';
import { createGuardedFetch } from '../decision/guarded-fetch.js';
import type { JudgeConnection } from '../decision/judge-connections.js';
import { createOutboundGuard, type OutboundGuard, type OutboundSettings } from '../decision/outbound-guard.js';

/** The connection name that needs no configuration: the deterministic offline provider (demos, tests). */
export const OFFLINE_CONNECTION = 'offline';

/** How long one model call may take. */
const CALL_TIMEOUT_MS = 120_000;

/** A connection as the API shows it (never its key). */
export interface ModelConnectionView {
  name: string;
  base_url: string | null;
  model: string | null;
  models: string[];
  kind: 'openai-compatible' | 'offline';
}

/** A connection resolved for one call. */
export interface ResolvedConnection {
  provider: ModelProvider;
  model: string;
}

/** Where an OpenAI-compatible endpoint is and how to call it. */
export interface EndpointSettings {
  baseUrl: string;
  apiKey?: string;
  /** The endpoint may be on a private or loopback address (its connection opted in). */
  allowPrivate: boolean;
  timeoutMs: number;
  /** Retries of one call on 408/409/429/5xx and connection errors (the openai client's own). */
  maxRetries: number;
}

/** The one way the server builds an OpenAI-compatible provider: every call through the outbound-guarded fetch. */
// The provider (with the openai client, a few hundred modules) is loaded on its first call, not at server start.
export function createGuardedProvider(guard: OutboundGuard, endpoint: EndpointSettings): ModelProvider {
  let loaded: Promise<Required<ModelProvider>> | undefined;
  const real = () =>
    (loaded ??= import('@tracehub/evals').then(
      ({ createOpenAiProvider }) =>
        createOpenAiProvider({
          baseUrl: endpoint.baseUrl, apiKey: endpoint.apiKey, timeoutMs: endpoint.timeoutMs, maxRetries: endpoint.maxRetries,
          fetch: createGuardedFetch(guard, endpoint.allowPrivate),
          // It defines chatStream and embed too.
        }) as Required<ModelProvider>,
    ));
  return {
    // As createOpenAiProvider names it (base URL without trailing slashes).
    id: `openai-compatible:${endpoint.baseUrl.replace(/\/+$/, '')}`,
    kind: 'openai-compatible',
    chat: async (request: ChatRequest) => (await real()).chat(request),
    chatStream: async (request, onDelta, signal) => (await real()).chatStream(request, onDelta, signal),
    embed: async (model, texts) => (await real()).embed(model, texts),
  };
}

/** Creates the registry over the configured connections and the outbound settings. */
export function createModelConnections(connections: Record<string, JudgeConnection>, outbound: OutboundSettings) {
  const guard = createOutboundGuard(outbound);
  const providers = new Map<string, ModelProvider>();
  const offline = createOfflineProvider();
  const builtInOffline = !Object.hasOwn(connections, OFFLINE_CONNECTION);

  const providerOf = (c: JudgeConnection): ModelProvider => {
    let provider = providers.get(c.name);
    if (!provider) {
      provider = createGuardedProvider(guard, { baseUrl: c.baseUrl, apiKey: c.apiKey, allowPrivate: c.allowPrivate, timeoutMs: CALL_TIMEOUT_MS, maxRetries: 0 });
      providers.set(c.name, provider);
    }
    return provider;
  };

  return {
    /** Whether a connection of that name exists (the built-in `offline` included). */
    has(name: string): boolean {
      return Object.hasOwn(connections, name) || (name === OFFLINE_CONNECTION && builtInOffline);
    },
    /**
     * The provider and model for `name` (`model` null: the connection's default). Throws a readable
     * message when the connection is not configured or names no model.
     */
    resolve(name: string, model: string | null): ResolvedConnection {
      if (name === OFFLINE_CONNECTION && builtInOffline) return { provider: offline, model: model ?? 'offline' };
      if (!Object.hasOwn(connections, name)) throw new Error(`no model connection named "${name}" is configured`);
      const c = connections[name];
      const chosen = model ?? c.model;
      if (!chosen) throw new Error(`connection "${name}" names no model; choose one`);
      return { provider: providerOf(c), model: chosen };
    },
    /** The connections by name, base URL and models (keys never leave the server). */
    list(): { connections: ModelConnectionView[] } {
      const named: ModelConnectionView[] = Object.values(connections).map((c) => ({
        name: c.name, base_url: c.baseUrl, model: c.model ?? null, models: c.models, kind: 'openai-compatible',
      }));
      const builtIn: ModelConnectionView[] = builtInOffline ? [{ name: OFFLINE_CONNECTION, base_url: null, model: 'offline', models: ['offline'], kind: 'offline' }] : [];
      return { connections: [...named, ...builtIn].sort((a, b) => a.name.localeCompare(b.name)) };
    },
  };
}

/** The model connection registry. */
export type ModelConnections = ReturnType<typeof createModelConnections>;

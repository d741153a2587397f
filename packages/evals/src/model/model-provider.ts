/** The seam every model backend implements: chat completions, and embeddings when it has them. */
import type { ChatMessage } from '@tracehub/core';
import type { TokenCounts } from '../experiment-types.js';

/** One chat completion request. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  /** Sampling parameters (temperature, max_tokens, top_p, seed, stop, response_format …). */
  parameters: Record<string, unknown>;
  /** Extra text mixed into the cache key (e.g. the repetition or a judge retry), never sent. */
  cacheSalt?: string;
  /**
   * Why an answer is unusable (e.g. judge JSON that breaks its schema), or null when it is fine; never
   * sent. The response cache stores only answers this accepts and never replays one it rejects.
   */
  validate?: (content: string) => string | null;
}

/** The answer of one chat completion. */
export interface ChatResponse {
  content: string;
  usage: TokenCounts;
  /** Wall time of the call (0 for a cache hit's lookup is not used: the original latency is kept). */
  latencyMs: number;
  /** Answered from the response cache. */
  cached: boolean;
  /** The model name the endpoint reported. */
  model: string;
}

/** A model backend. */
export interface ModelProvider {
  /** Identifies the backend in cache keys, e.g. `openai-compatible:http://localhost:11434/v1` or `offline`. */
  readonly id: string;
  /** `openai-compatible` or `offline`. */
  readonly kind: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
  /**
   * The same call streamed: `onDelta` gets each piece of the answer as it arrives; resolves with the
   * whole answer (usage included) like `chat`. Never cached.
   */
  chatStream?(request: ChatRequest, onDelta: (text: string) => void, signal?: AbortSignal): Promise<ChatResponse>;
  /** Embeddings of `texts`, when the backend offers them. */
  embed?(model: string, texts: string[]): Promise<number[][]>;
}

/** The sampling parameters passed on to the endpoint; other prompt config keys (model, provider …) are not. */
export const MODEL_PARAMETERS = [
  'temperature',
  'top_p',
  'max_tokens',
  'max_completion_tokens',
  'seed',
  'stop',
  'presence_penalty',
  'frequency_penalty',
  'response_format',
  'reasoning_effort',
] as const;

/** Keeps the known sampling parameters of a prompt config or CLI overrides. */
export function pickModelParameters(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of MODEL_PARAMETERS) if (config[key] !== undefined && config[key] !== null) out[key] = config[key];
  return out;
}

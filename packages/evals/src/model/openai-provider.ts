/**
 * OpenAI-compatible chat completions through the `openai` package: OpenAI, vLLM, Ollama, LM Studio,
 * llama.cpp server — anything that speaks `/v1/chat/completions` at a base URL.
 */
import OpenAI from 'openai';
import { networkReason } from '../trackers/http-retry.js';
import type { ChatRequest, ChatResponse, ModelProvider } from './model-provider.js';

/** Settings of an OpenAI-compatible endpoint. */
export interface OpenAiProviderOptions {
  /** Base URL including `/v1` (default https://api.openai.com/v1). */
  baseUrl?: string;
  /** API key; local servers accept any (default "not-needed"). */
  apiKey?: string;
  /** Per-call timeout in milliseconds (default 120 s). */
  timeoutMs?: number;
  /**
   * Retries of one call on 408/409/429/5xx and connection errors (default 4). The openai client waits
   * what `Retry-After` / `retry-after-ms` asks, else an exponential backoff with jitter (0.5 s … 8 s).
   */
  maxRetries?: number;
  /** The fetch the client uses (the server passes its outbound-guarded fetch). */
  fetch?: typeof fetch;
}

/** Base URLs of the well-known local servers, for `--provider <alias>`. */
export const PROVIDER_BASE_URLS: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  ollama: 'http://localhost:11434/v1',
  vllm: 'http://localhost:8000/v1',
  lmstudio: 'http://localhost:1234/v1',
  llamacpp: 'http://localhost:8080/v1',
};

/** Creates the provider. */
export function createOpenAiProvider(options: OpenAiProviderOptions = {}): ModelProvider {
  const baseUrl = (options.baseUrl ?? PROVIDER_BASE_URLS.openai).replace(/\/+$/, '');
  const client = new OpenAI({
    baseURL: baseUrl,
    apiKey: options.apiKey || 'not-needed',
    timeout: options.timeoutMs ?? 120_000,
    maxRetries: options.maxRetries ?? 4,
    ...(options.fetch && { fetch: options.fetch }),
  });
  /** The client's "Connection error." names no address: say which server could not be reached. */
  const reached = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof OpenAI.APIConnectionError)) throw error;
      const reason = error instanceof OpenAI.APIConnectionTimeoutError ? 'timed out' : networkReason(error.cause ?? error);
      throw new Error(`Cannot reach the model server at ${baseUrl} (${reason}); check that it is running and the base URL is right.`);
    }
  };
  return {
    id: `openai-compatible:${baseUrl}`,
    kind: 'openai-compatible',
    async chat(request: ChatRequest): Promise<ChatResponse> {
      const started = performance.now();
      const completion = await reached(() =>
        client.chat.completions.create({
          ...(request.parameters as Record<string, never>),
          model: request.model,
          messages: request.messages as OpenAI.Chat.ChatCompletionMessageParam[],
          stream: false,
        }),
      );
      const usage = completion.usage;
      return {
        content: completion.choices?.[0]?.message?.content ?? '',
        usage: {
          input_tokens: usage?.prompt_tokens ?? null,
          output_tokens: usage?.completion_tokens ?? null,
          cached_input_tokens: usage?.prompt_tokens_details?.cached_tokens ?? null,
        },
        latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
        cached: false,
        model: completion.model || request.model,
      };
    },
    async chatStream(request: ChatRequest, onDelta: (text: string) => void, signal?: AbortSignal): Promise<ChatResponse> {
      const started = performance.now();
      const stream = await reached(() =>
        client.chat.completions.create({
          ...(request.parameters as Record<string, never>),
          model: request.model,
          messages: request.messages as OpenAI.Chat.ChatCompletionMessageParam[],
          stream: true,
          stream_options: { include_usage: true },
        }, { signal }),
      );
      let content = '';
      let model = request.model;
      let usage: OpenAI.CompletionUsage | undefined;
      for await (const chunk of stream) {
        if (chunk.model) model = chunk.model;
        if (chunk.usage) usage = chunk.usage;
        const delta = chunk.choices?.[0]?.delta?.content;
        if (delta) {
          content += delta;
          onDelta(delta);
        }
      }
      return {
        content,
        usage: {
          input_tokens: usage?.prompt_tokens ?? null,
          output_tokens: usage?.completion_tokens ?? null,
          cached_input_tokens: usage?.prompt_tokens_details?.cached_tokens ?? null,
        },
        latencyMs: Math.round((performance.now() - started) * 1000) / 1000,
        cached: false,
        model,
      };
    },
    async embed(model: string, texts: string[]): Promise<number[][]> {
      const answer = await reached(() => client.embeddings.create({ model, input: texts }));
      return [...answer.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
    },
  };
}

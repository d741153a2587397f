/**
 * Streaming support for the OpenAI wrapper: the host iterates the stream exactly as before while
 * an accumulator rebuilds the message (content, tool calls, finish reason, usage) from the chunks;
 * the span ends when the stream is exhausted, broken off, or fails.
 */
import { performance } from 'node:perf_hooks';
import { responsesMessages } from './openai-output.js';

/** What a finished call contributes to its span. */
export interface LlmResult {
  output: unknown;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cachedInputTokens?: number;
  attributes: Record<string, unknown>;
}

/** Collects stream chunks and turns them into an `LlmResult`. */
export interface StreamAccumulator {
  add(chunk: unknown): void;
  result(): LlmResult;
}

type Json = Record<string, any>;

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Token counts of a chat completion `usage` object. */
export function chatUsage(usage: Json | undefined | null): Pick<LlmResult, 'inputTokens' | 'outputTokens' | 'totalTokens' | 'cachedInputTokens'> {
  if (usage == null || typeof usage !== 'object') return {};
  return {
    inputTokens: num(usage.prompt_tokens),
    outputTokens: num(usage.completion_tokens),
    totalTokens: num(usage.total_tokens),
    cachedInputTokens: num(usage.prompt_tokens_details?.cached_tokens),
  };
}

/** Token counts of a Responses API `usage` object. */
export function responsesUsage(usage: Json | undefined | null): Pick<LlmResult, 'inputTokens' | 'outputTokens' | 'totalTokens' | 'cachedInputTokens'> {
  if (usage == null || typeof usage !== 'object') return {};
  return {
    inputTokens: num(usage.input_tokens),
    outputTokens: num(usage.output_tokens),
    totalTokens: num(usage.total_tokens),
    cachedInputTokens: num(usage.input_tokens_details?.cached_tokens),
  };
}

interface ChoiceState {
  role: string;
  content: string;
  finishReason: string | null;
  toolCalls: Array<{ id?: string; type?: string; function: { name: string; arguments: string } }>;
}

/**
 * Rebuilds a chat completion from `chat.completion.chunk` objects — or a legacy completion from
 * its chunks (`choices[].text`) — as one assistant message per choice.
 */
export function chatStreamAccumulator(startedAt: number): StreamAccumulator {
  const choices: ChoiceState[] = [];
  let model: string | undefined;
  let id: string | undefined;
  let usage: Json | undefined;
  let firstChunkAt: number | undefined;
  return {
    add(chunk: unknown): void {
      if (chunk === null || typeof chunk !== 'object') return;
      const c = chunk as Json;
      firstChunkAt ??= performance.now();
      if (typeof c.model === 'string') model = c.model;
      if (typeof c.id === 'string') id = c.id;
      if (c.usage) usage = c.usage;
      if (!Array.isArray(c.choices)) return;
      for (const choice of c.choices) {
        const index = typeof choice?.index === 'number' ? choice.index : 0;
        const state = (choices[index] ??= { role: 'assistant', content: '', finishReason: null, toolCalls: [] });
        const delta = choice?.delta ?? {};
        if (typeof delta.role === 'string') state.role = delta.role;
        if (typeof delta.content === 'string') state.content += delta.content;
        if (typeof choice?.text === 'string') state.content += choice.text;
        if (typeof choice?.finish_reason === 'string') state.finishReason = choice.finish_reason;
        if (Array.isArray(delta.tool_calls)) {
          for (const call of delta.tool_calls) {
            const slot = typeof call?.index === 'number' ? call.index : state.toolCalls.length;
            const target = (state.toolCalls[slot] ??= { function: { name: '', arguments: '' } });
            if (typeof call.id === 'string') target.id = call.id;
            if (typeof call.type === 'string') target.type = call.type;
            if (typeof call.function?.name === 'string') target.function.name += call.function.name;
            if (typeof call.function?.arguments === 'string') target.function.arguments += call.function.arguments;
          }
        }
      }
    },
    result(): LlmResult {
      const messages = choices.filter(Boolean).map((state) => ({
        role: state.role,
        content: state.content === '' && state.toolCalls.length > 0 ? null : state.content,
        ...(state.toolCalls.length > 0 ? { tool_calls: state.toolCalls.filter(Boolean) } : {}),
      }));
      const attributes: Record<string, unknown> = { 'llm.stream': true };
      if (id !== undefined) attributes['llm.response_id'] = id;
      if (choices[0]?.finishReason) attributes['llm.finish_reason'] = choices[0].finishReason;
      if (firstChunkAt !== undefined) attributes['llm.time_to_first_chunk_ms'] = Math.round((firstChunkAt - startedAt) * 1000) / 1000;
      return { output: messages, model, ...chatUsage(usage), attributes };
    },
  };
}

/** Rebuilds a Responses API result from its stream events. */
export function responsesStreamAccumulator(startedAt: number): StreamAccumulator {
  let text = '';
  let completed: Json | undefined;
  let firstChunkAt: number | undefined;
  const items: Json[] = [];
  return {
    add(event: unknown): void {
      if (event === null || typeof event !== 'object') return;
      const e = event as Json;
      firstChunkAt ??= performance.now();
      if (e.type === 'response.output_text.delta' && typeof e.delta === 'string') text += e.delta;
      if (e.type === 'response.output_item.done' && e.item !== null && typeof e.item === 'object') items.push(e.item);
      if ((e.type === 'response.completed' || e.type === 'response.incomplete' || e.type === 'response.failed') && e.response) {
        completed = e.response;
      }
    },
    result(): LlmResult {
      const attributes: Record<string, unknown> = { 'llm.stream': true };
      if (firstChunkAt !== undefined) attributes['llm.time_to_first_chunk_ms'] = Math.round((firstChunkAt - startedAt) * 1000) / 1000;
      if (completed === undefined) return { output: responsesMessages(items, text) ?? (items.length > 0 ? items : text), attributes };
      if (typeof completed.id === 'string') attributes['llm.response_id'] = completed.id;
      if (typeof completed.status === 'string') attributes['llm.response_status'] = completed.status;
      const output = Array.isArray(completed.output) && completed.output.length > 0 ? completed.output : items;
      return {
        output: responsesMessages(output, text) ?? (output.length > 0 ? output : text),
        model: typeof completed.model === 'string' ? completed.model : undefined,
        ...responsesUsage(completed.usage),
        attributes,
      };
    },
  };
}

/**
 * Wraps an async iterator so every value also goes to `accumulator`; `finish` is called once —
 * with no error when the stream ends or the consumer stops early, with the error when it fails.
 */
export function tapAsyncIterator<T>(
  inner: AsyncIterator<T>,
  accumulator: StreamAccumulator,
  finish: (error: unknown, failed: boolean, completed: boolean) => void,
): AsyncIterableIterator<T> {
  let finished = false;
  const done = (error: unknown, failed: boolean, completed: boolean): void => {
    if (finished) return;
    finished = true;
    finish(error, failed, completed);
  };
  const tapped: AsyncIterableIterator<T> = {
    async next(...args: [] | [unknown]): Promise<IteratorResult<T>> {
      let step: IteratorResult<T>;
      try {
        step = await inner.next(...args);
      } catch (error) {
        done(error, true, false);
        throw error;
      }
      if (step.done) done(undefined, false, true);
      else {
        try {
          accumulator.add(step.value);
        } catch {
          // a malformed chunk must not break the host's stream
        }
      }
      return step;
    },
    async return(value?: unknown): Promise<IteratorResult<T>> {
      done(undefined, false, false);
      if (typeof inner.return === 'function') return inner.return(value);
      return { done: true, value: value as T };
    },
    async throw(error?: unknown): Promise<IteratorResult<T>> {
      done(error, true, false);
      if (typeof inner.throw === 'function') return inner.throw(error);
      throw error;
    },
    [Symbol.asyncIterator]() {
      return tapped;
    },
  };
  return tapped;
}

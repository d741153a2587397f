/**
 * `wrapOpenAI(client)`: records every `chat.completions.create`, `responses.create` and legacy
 * `completions.create` call of an `openai` client as an `llm` span — model, messages, parameters,
 * output as chat messages, token usage, latency and errors — and `embeddings.create` as an
 * `embedding` span (count and dimensions, not the vectors). The client is patched in place and
 * returned; what the host gets back is the very object the SDK returned (an `APIPromise` keeps
 * `withResponse()`/`asResponse()`), and streams pass through untouched, recorded when they end.
 * The call's model becomes its trace's model when the trace has none; a call with no trace open
 * starts one whose input/output text are the last user message and the answer.
 * Typed structurally: `openai` is never imported.
 */
import { performance } from 'node:perf_hooks';
import { failSpan, resolveClient } from './observe.js';
import { answerText, chatMessages, completionMessages, embeddingsSummary, requestText, responsesMessages } from './openai-output.js';
import {
  chatStreamAccumulator,
  chatUsage,
  responsesStreamAccumulator,
  responsesUsage,
  tapAsyncIterator,
} from './openai-stream.js';
import type { LlmResult, StreamAccumulator } from './openai-stream.js';
import { SpanRecord } from './span.js';
import type { TraceHubClient } from './trace-hub-client.js';
import type { Attributes, SpanHandle } from './types.js';

type AnyFunction = (...args: any[]) => any;

/** The part of an `openai` client the wrapper touches. */
export interface OpenAILike {
  chat?: { completions?: { create?: AnyFunction } };
  responses?: { create?: AnyFunction };
  completions?: { create?: AnyFunction };
  embeddings?: { create?: AnyFunction };
}

/** Options of `wrapOpenAI()`. */
export interface WrapOpenAIOptions {
  /** Client to record on. Default: the client of the current span, else the default client. */
  client?: TraceHubClient;
  /** Span name prefix. Default `openai` (spans `openai.chat.completions`, `openai.responses`,
   * `openai.completions`, `openai.embeddings`). */
  spanName?: string;
  /** Extra attributes on every span. */
  attributes?: Attributes;
  /** Record messages / input. Default true. */
  captureInput?: boolean;
  /** Record the answer. Default true. */
  captureOutput?: boolean;
}

type Operation = 'chat' | 'responses' | 'completions' | 'embeddings';
type Json = Record<string, any>;

const WRAPPED = Symbol.for('tracehub.sdk.openai-wrapped');
const INPUT_KEYS: Record<Operation, readonly string[]> = {
  chat: ['messages', 'model', 'stream'],
  responses: ['input', 'instructions', 'model', 'stream'],
  completions: ['prompt', 'model', 'stream'],
  embeddings: ['input', 'model'],
};
const SPAN_NAMES: Record<Operation, string> = {
  chat: 'chat.completions',
  responses: 'responses',
  completions: 'completions',
  embeddings: 'embeddings',
};

function parametersOf(operation: Operation, body: Json): Json {
  const skip = INPUT_KEYS[operation];
  const params: Json = {};
  for (const key of Object.keys(body)) if (!skip.includes(key) && body[key] !== undefined) params[key] = body[key];
  return params;
}

function inputOf(operation: Operation, body: Json): unknown {
  if (operation === 'chat') return Array.isArray(body.messages) ? body.messages.slice() : body.messages;
  if (operation === 'completions') return Array.isArray(body.prompt) ? body.prompt.slice() : body.prompt;
  if (operation === 'embeddings') return Array.isArray(body.input) ? body.input.slice() : body.input;
  return body.instructions !== undefined ? { instructions: body.instructions, input: body.input } : body.input;
}

function resultOf(operation: Operation, response: unknown): LlmResult {
  if (response === null || typeof response !== 'object') return { output: response, attributes: {} };
  const r = response as Json;
  const attributes: Attributes = {};
  if (typeof r.id === 'string') attributes['llm.response_id'] = r.id;
  const model = typeof r.model === 'string' ? r.model : undefined;
  if (operation === 'chat' || operation === 'completions') {
    const finishReason = Array.isArray(r.choices) ? r.choices[0]?.finish_reason : undefined;
    if (typeof finishReason === 'string') attributes['llm.finish_reason'] = finishReason;
    const output = operation === 'chat' ? chatMessages(r.choices) : completionMessages(r.choices);
    return { output: output ?? response, model, ...chatUsage(r.usage), attributes };
  }
  if (operation === 'embeddings') {
    return { output: embeddingsSummary(r.data), model, ...chatUsage(r.usage), attributes };
  }
  if (typeof r.status === 'string') attributes['llm.response_status'] = r.status;
  const text = typeof r.output_text === 'string' && r.output_text !== '' ? r.output_text : undefined;
  return { output: responsesMessages(r.output, text) ?? r.output, model, ...responsesUsage(r.usage), attributes };
}

function streamAccumulator(operation: Operation, startedAt: number): StreamAccumulator | undefined {
  if (operation === 'chat' || operation === 'completions') return chatStreamAccumulator(startedAt);
  if (operation === 'responses') return responsesStreamAccumulator(startedAt);
  return undefined;
}

function errorAttributes(error: unknown): Attributes | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? { 'http.status_code': status } : undefined;
}

/** One recorded call: ends its span exactly once. */
class LlmCall {
  private settled = false;
  constructor(
    readonly span: SpanHandle,
    readonly operation: Operation,
    readonly startedAt: number,
    readonly captureOutput: boolean,
    readonly requestModel: string | undefined,
  ) {}

  /** The call's model becomes its trace's when the trace has none (or is the call's own). */
  private adoptModel(model: string | undefined): void {
    const span = this.span;
    if (!(span instanceof SpanRecord)) return;
    const chosen = model ?? this.requestModel;
    if (chosen !== undefined) span.owner.adoptTraceModel(span, chosen);
  }

  succeed(result: LlmResult): void {
    if (this.settled) return;
    this.settled = true;
    try {
      this.adoptModel(result.model);
      if (this.captureOutput && this.span instanceof SpanRecord && this.span.ownsTrace) {
        this.span.traceOutputText = answerText(result.output);
      }
    } catch {
      // the trace's derived fields are best effort
    }
    this.span.end({
      output: this.captureOutput ? result.output : undefined,
      model: result.model,
      inputTokens: result.inputTokens,
      outputTokens: result.outputTokens,
      totalTokens: result.totalTokens,
      cachedInputTokens: result.cachedInputTokens,
      attributes: { ...result.attributes, 'llm.latency_ms': Math.round((performance.now() - this.startedAt) * 1000) / 1000 },
    });
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    try {
      this.adoptModel(undefined);
    } catch {
      // best effort
    }
    failSpan(this.span, error, errorAttributes(error));
  }

  /** Records a parsed answer; a stream is tapped and recorded when it ends. */
  parsed(value: unknown, streaming: boolean): void {
    if (streaming && value !== null && typeof value === 'object') {
      const accumulator = streamAccumulator(this.operation, this.startedAt);
      if (accumulator !== undefined && this.tapStream(value as Json, accumulator)) return;
    }
    this.succeed(resultOf(this.operation, value));
  }

  private tapStream(stream: Json, accumulator: StreamAccumulator): boolean {
    const finish = (error: unknown, failed: boolean, completed: boolean): void => {
      if (failed) {
        this.fail(error);
        return;
      }
      const result = accumulator.result();
      if (!completed) result.attributes['llm.stream_cancelled'] = true;
      this.succeed(result);
    };
    // openai's Stream keeps its source in `iterator` (used by iteration, tee() and toReadableStream()).
    const target = stream as Record<string | symbol, unknown>;
    const key: string | symbol | undefined =
      typeof target.iterator === 'function' ? 'iterator' : typeof target[Symbol.asyncIterator] === 'function' ? Symbol.asyncIterator : undefined;
    if (key === undefined) return false;
    const original = target[key] as AnyFunction;
    target[key] = function (this: unknown, ...args: unknown[]) {
      return tapAsyncIterator(original.apply(this, args), accumulator, finish);
    };
    return true;
  }
}

/** Hooks an `APIPromise` (or any thenable) without changing what the host receives. */
function observeResult(call: LlmCall, result: unknown, streaming: boolean): void {
  if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
    call.parsed(result, streaming);
    return;
  }
  const promise = result as Json;
  if (typeof promise.parseResponse === 'function' && promise.responsePromise && typeof promise.responsePromise.then === 'function') {
    // openai's APIPromise parses lazily; wrapping its parser records exactly what the host gets,
    // including through `_thenUnwrap` (chat.completions.parse) and `withResponse()`.
    let parsing = false;
    const parseResponse = promise.parseResponse as AnyFunction;
    promise.parseResponse = async function (this: unknown, ...args: unknown[]) {
      parsing = true;
      try {
        const value = await parseResponse.apply(this, args);
        call.parsed(value, streaming);
        return value;
      } catch (error) {
        call.fail(error);
        throw error;
      }
    };
    if (typeof promise.asResponse === 'function') {
      const asResponse = promise.asResponse as AnyFunction;
      promise.asResponse = function (this: unknown, ...args: unknown[]) {
        const raw = asResponse.apply(this, args);
        Promise.resolve(raw).then(
          () => (parsing ? undefined : call.succeed({ output: undefined, attributes: { 'llm.raw_response': true } })),
          () => undefined,
        );
        return raw;
      };
    }
    promise.responsePromise.then(undefined, (error: unknown) => call.fail(error));
    return;
  }
  if (typeof promise.then === 'function') {
    promise.then(
      (value: unknown) => call.parsed(value, streaming),
      (error: unknown) => call.fail(error),
    );
    return;
  }
  call.parsed(result, streaming);
}

function instrument(original: AnyFunction, operation: Operation, options: WrapOpenAIOptions): AnyFunction {
  const spanName = `${options.spanName ?? 'openai'}.${SPAN_NAMES[operation]}`;
  const spanType = operation === 'embeddings' ? 'embedding' : 'llm';
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const body = args[0];
    const client = resolveClient(options.client);
    if (client === undefined || body === null || typeof body !== 'object') return original.apply(this, args);
    let call: LlmCall | undefined;
    try {
      const b = body as Json;
      const model = typeof b.model === 'string' ? b.model : undefined;
      const span = client.startSpan(spanName, {
        spanType,
        model,
        input: options.captureInput === false ? undefined : inputOf(operation, b),
        attributes: {
          'llm.provider': 'openai',
          'llm.operation': operation,
          'llm.stream': b.stream === true,
          'llm.parameters': parametersOf(operation, b),
          ...options.attributes,
        },
        active: false,
      });
      if (span instanceof SpanRecord && span.ownsTrace && options.captureInput !== false) {
        // No trace was open: the call's own trace shows its question (and, once answered, the answer).
        span.traceInputText = requestText(operation, b);
      }
      call = new LlmCall(span, operation, performance.now(), options.captureOutput !== false, model);
    } catch {
      call = undefined; // recording is best effort; the call itself goes ahead
    }
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (error) {
      call?.fail(error);
      throw error;
    }
    if (call !== undefined) {
      try {
        observeResult(call, result, (body as Json).stream === true);
      } catch {
        // never let instrumentation change the call's outcome
      }
    }
    return result;
  };
  (wrapped as unknown as Record<symbol, boolean>)[WRAPPED] = true;
  return wrapped;
}

/**
 * Patches `openai.chat.completions.create`, `openai.responses.create`, `openai.completions.create`
 * and `openai.embeddings.create` (those present) to record spans; returns the same client.
 * Wrapping twice is a no-op.
 */
export function wrapOpenAI<T extends OpenAILike>(openai: T, options: WrapOpenAIOptions = {}): T {
  const resources: Array<[Operation, () => Json | undefined]> = [
    ['chat', () => openai?.chat?.completions],
    ['responses', () => openai?.responses],
    ['completions', () => openai?.completions],
    ['embeddings', () => openai?.embeddings],
  ];
  for (const [operation, find] of resources) {
    try {
      const resource = find();
      if (resource && typeof resource.create === 'function' && !resource.create[WRAPPED]) {
        resource.create = instrument(resource.create, operation, options);
      }
    } catch {
      // an unexpected client shape is left as it is
    }
  }
  return openai;
}

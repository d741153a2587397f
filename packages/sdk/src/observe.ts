/**
 * `observe(name, fn)`: wraps a sync or async function so every call is a span under the current
 * one. The arguments are recorded as input and the return (or resolved) value as output; an
 * exception or rejection becomes an ERROR event and status `error`, and is rethrown unchanged.
 */
import { errorSummary } from './compact.js';
import { currentFrame } from './context.js';
import { getDefaultClient } from './default-client.js';
import { SpanRecord } from './span.js';
import type { TraceHubClient } from './trace-hub-client.js';
import type { Attributes, SpanHandle } from './types.js';

/** Options of `observe()`. */
export interface ObserveOptions {
  /** Client to record on. Default: the client of the current span, else the default client. */
  client?: TraceHubClient;
  /** Default `span`. */
  spanType?: string;
  attributes?: Attributes;
  /** Record the arguments as input (one argument as itself, several as an array). Default true. */
  captureInput?: boolean;
  /** Record the return value as output. Default true. */
  captureOutput?: boolean;
}

/** The client wrappers record on: explicit, else the current span's, else the default. */
export function resolveClient(explicit: TraceHubClient | undefined): TraceHubClient | undefined {
  if (explicit !== undefined) return explicit;
  const frame = currentFrame();
  if (frame instanceof SpanRecord && frame.owner.client !== undefined) return frame.owner.client;
  return getDefaultClient();
}

/** Records `error` on `span` and ends it with status `error`. */
export function failSpan(span: SpanHandle, error: unknown, attributes?: Attributes): void {
  if (span.ended) return;
  span.recordError(error);
  span.end({ status: 'error', statusMessage: errorSummary(error), attributes });
}

function inputOf(args: unknown[]): unknown {
  if (args.length === 0) return undefined;
  return args.length === 1 ? args[0] : args;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/** Wraps `fn` (sync or async) so each call is recorded as a span named `name`. */
export function observe<F extends (...args: any[]) => any>(name: string, fn: F, options: ObserveOptions = {}): F {
  if (typeof fn !== 'function') return fn;
  const spanType = options.spanType ?? 'span';
  const captureInput = options.captureInput !== false;
  const captureOutput = options.captureOutput !== false;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const client = resolveClient(options.client);
    if (client === undefined) return fn.apply(this, args);
    const span = client.startSpan(name, {
      spanType,
      attributes: options.attributes,
      input: captureInput ? inputOf(args) : undefined,
      active: false,
    });
    let result: unknown;
    try {
      result = client.withSpan(span, () => fn.apply(this, args));
    } catch (error) {
      failSpan(span, error);
      throw error;
    }
    if (isThenable(result)) {
      return result.then(
        (value) => {
          span.end({ output: captureOutput ? value : undefined });
          return value;
        },
        (error: unknown) => {
          failSpan(span, error);
          throw error;
        },
      );
    }
    span.end({ output: captureOutput ? result : undefined });
    return result;
  };
  try {
    Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
  } catch {
    // a frozen function name is only cosmetic
  }
  return wrapped as unknown as F;
}

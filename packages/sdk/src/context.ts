/**
 * Context propagation. One AsyncLocalStorage holds the current frame (a span or a trace); work
 * started inside `runInFrame()` — and everything it awaits or spawns — sees that frame, so nested
 * spans find their parent across awaits, timers and `Promise.all`.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ContextFrame } from './records.js';

const storage = new AsyncLocalStorage<ContextFrame | undefined>();

/** The frame of the current async context, if any. */
export function currentFrame(): ContextFrame | undefined {
  return storage.getStore();
}

/** The innermost open span of a frame chain (skipping ended spans), or the trace frame. */
export function openFrame(frame: ContextFrame | undefined): ContextFrame | undefined {
  while (frame !== undefined && frame.ended) frame = frame.parentFrame;
  return frame;
}

/** Run `fn` with `frame` current for it and all async work it starts. */
export function runInFrame<R>(frame: ContextFrame | undefined, fn: () => R): R {
  return storage.run(frame, fn);
}

/** Make `frame` current for the rest of this async context (Python contextvar `set()` semantics). */
export function enterFrame(frame: ContextFrame | undefined): void {
  storage.enterWith(frame);
}

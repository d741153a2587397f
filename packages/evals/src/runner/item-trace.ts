/** A tracker-neutral trace of one item: render, generation and evaluator spans, with the scores. */
import { randomBytes } from 'node:crypto';
import type { ExperimentScore } from '@tracehub/core';

/** One span. Times are epoch milliseconds. */
export interface TraceSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** `chain` (the item), `prompt` (render), `llm` (generation, judge calls), `evaluator`. */
  type: string;
  startMs: number;
  endMs: number;
  status: 'success' | 'error';
  statusMessage: string | null;
  model: string | null;
  input: unknown;
  output: unknown;
  attributes: Record<string, unknown>;
  inputTokens: number | null;
  outputTokens: number | null;
  cost: number | null;
}

/** A score attached to the span of the evaluator that gave it. */
export interface TraceScore {
  spanId: string;
  name: string;
  score: ExperimentScore;
}

/** The trace of one item. `traceId` is 32 hex characters and `spanId`s 16, valid for OTLP too. */
export interface ItemTrace {
  traceId: string;
  name: string;
  startMs: number;
  endMs: number;
  status: 'success' | 'error';
  input: string;
  output: string | null;
  attributes: Record<string, unknown>;
  spans: TraceSpan[];
  scores: TraceScore[];
}

/** A new random trace id (32 hex). */
export const newTraceId = () => randomBytes(16).toString('hex');

/** A new random span id (16 hex). */
export const newSpanId = () => randomBytes(8).toString('hex');

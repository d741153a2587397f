/** The seam every evaluator implements, and what it is given and answers. */
import type { ChatMessage, ScoreComment, ScoreStatus } from '@tracehub/core';
import type { TokenCounts } from '../experiment-types.js';
import type { ReportLang } from '../report/report-lang.js';
import type { ExpectedFields } from './expected-fields.js';

/** A model call made by an evaluator (an LLM judge), recorded as a span of the item's trace. */
export interface ModelCallRecord {
  name: string;
  provider: string;
  model: string;
  messages: ChatMessage[];
  output: string | null;
  usage: TokenCounts;
  latencyMs: number;
  cost: number | null;
  cached: boolean;
  /** Epoch milliseconds. */
  startedAt: number;
  error: string | null;
}

/** What an evaluator sees of one item. */
export interface EvaluationContext {
  key: string;
  itemId: string;
  repetition: number;
  input: unknown;
  messages: ChatMessage[];
  output: string;
  expected: ExpectedFields;
  metadata: Record<string, unknown>;
  latencyMs: number | null;
  cost: number | null;
  usage: TokenCounts;
  /** The baseline run's output for the same item (pairwise judging), when a baseline was given. */
  baselineOutput: string | null;
  /** The run's report language: the language of the comment's texts (default `en`). */
  lang?: ReportLang;
}

/** An evaluator's answer. Left out: `status` ok; `passed` = score ≥ threshold. */
export interface EvaluatorResult {
  score: number | null;
  passed?: boolean | null;
  status?: ScoreStatus;
  comment?: Partial<ScoreComment>;
  evalModel?: string | null;
  calls?: ModelCallRecord[];
}

/** One evaluator with its weight (in the item's overall score) and pass threshold (on its 0–1 score). */
export interface Evaluator {
  readonly name: string;
  readonly type: string;
  readonly weight: number;
  readonly threshold: number | null;
  evaluate(context: EvaluationContext): Promise<EvaluatorResult>;
}

/**
 * One structured judge call: ask, read JSON from the answer, validate it against a JSON Schema (ajv),
 * and on invalid output ask again saying what was wrong. Answers the validated value or the reason it
 * never became valid — callers turn that into an evaluator ERROR, never a pass.
 */
import type { ChatMessage, PriceTable } from '@tracehub/core';
import type { ModelProvider } from '../model/model-provider.js';
import type { ModelCallRecord } from './evaluator.js';
import { checkJudgeAnswer, runStructuredJudge } from '../judge/structured-judge.js';

/** Where and how the judge is asked. */
export interface JudgeSettings {
  provider: ModelProvider;
  model: string;
  prices: PriceTable;
  /** Retries after invalid output (default 2, so three answers at most). */
  maxRetries: number;
  /** Ask for `response_format: json_object` (default true). */
  jsonMode: boolean;
  temperature: number;
}

/** The outcome of asking. */
export type JudgeOutcome<T> =
  | { ok: true; value: T; calls: ModelCallRecord[] }
  | { ok: false; problem: string; calls: ModelCallRecord[] };

/** Asks the judge until an answer satisfies `schema` or the retries run out (the loop is runStructuredJudge). */
export async function askJudge<T>(settings: JudgeSettings, messages: ChatMessage[], schema: object, name: string): Promise<JudgeOutcome<T>> {
  const calls: ModelCallRecord[] = [];
  const outcome = await runStructuredJudge<T>({
    messages,
    schema,
    maxRetries: settings.maxRetries,
    async ask(conversation, attempt) {
      const startedAt = Date.now();
      try {
        const response = await settings.provider.chat({
          model: settings.model,
          messages: conversation,
          parameters: { temperature: settings.temperature, ...(settings.jsonMode ? { response_format: { type: 'json_object' } } : {}) },
          // An invalid verdict is never cached, so a retry (or --resume --retry-errors) asks the judge again.
          validate: (content) => checkJudgeAnswer(content, schema).problem,
        });
        calls.push({
          name: `${name} call ${attempt + 1}`,
          provider: settings.provider.id,
          model: response.model,
          messages: conversation,
          output: response.content,
          usage: response.usage,
          latencyMs: response.latencyMs,
          cost: settings.prices.cost(settings.model, response.usage),
          cached: response.cached,
          startedAt,
          error: null,
        });
        return response.content;
      } catch (error) {
        calls.push({
          name: `${name} call ${attempt + 1}`, provider: settings.provider.id, model: settings.model, messages: conversation, output: null,
          usage: { input_tokens: null, output_tokens: null }, latencyMs: Date.now() - startedAt, cost: null, cached: false, startedAt, error: (error as Error).message,
        });
        throw error;
      }
    },
    onInvalid(problem) {
      calls[calls.length - 1].error = problem;
    },
  });
  if (outcome.ok) return { ok: true, value: outcome.value, calls };
  if (outcome.failure === 'call_failed') return { ok: false, problem: `the judge call failed: ${(outcome.error as Error).message}`, calls };
  return { ok: false, problem: `${outcome.problem} (after ${outcome.attempts} answers)`, calls };
}

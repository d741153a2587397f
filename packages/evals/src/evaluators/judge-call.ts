/**
 * One structured judge call: ask, read JSON from the answer, validate it against a JSON Schema (ajv),
 * and on invalid output ask again saying what was wrong. Answers the validated value or the reason it
 * never became valid — callers turn that into an evaluator ERROR, never a pass.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { ChatMessage, PriceTable } from '@tracehub/core';
import type { ModelProvider } from '../model/model-provider.js';
import type { ModelCallRecord } from './evaluator.js';
import { parseOutputJson } from './output-json.js';

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

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

/** Asks the judge until an answer satisfies `schema` or the retries run out. */
export async function askJudge<T>(settings: JudgeSettings, messages: ChatMessage[], schema: object, name: string): Promise<JudgeOutcome<T>> {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const calls: ModelCallRecord[] = [];
  const conversation = [...messages];
  let problem = 'the judge was not asked';
  for (let attempt = 0; attempt <= settings.maxRetries; attempt++) {
    const startedAt = Date.now();
    let content: string;
    try {
      const response = await settings.provider.chat({
        model: settings.model,
        messages: conversation,
        parameters: { temperature: settings.temperature, ...(settings.jsonMode ? { response_format: { type: 'json_object' } } : {}) },
      });
      content = response.content;
      calls.push({
        name: `${name} call ${attempt + 1}`,
        provider: settings.provider.id,
        model: response.model,
        messages: [...conversation],
        output: content,
        usage: response.usage,
        latencyMs: response.latencyMs,
        cost: settings.prices.cost(settings.model, response.usage),
        cached: response.cached,
        startedAt,
        error: null,
      });
    } catch (error) {
      const message = (error as Error).message;
      calls.push({
        name: `${name} call ${attempt + 1}`, provider: settings.provider.id, model: settings.model, messages: [...conversation], output: null,
        usage: { input_tokens: null, output_tokens: null }, latencyMs: Date.now() - startedAt, cost: null, cached: false, startedAt, error: message,
      });
      return { ok: false, problem: `the judge call failed: ${message}`, calls };
    }
    const parsed = parseOutputJson(content);
    if (parsed === undefined) problem = 'the answer is not JSON';
    else if (validate(parsed)) return { ok: true, value: parsed as T, calls };
    else problem = `the answer breaks the schema: ${ajv.errorsText(validate.errors, { dataVar: 'answer' })}`;
    calls[calls.length - 1].error = problem;
    conversation.push(
      { role: 'assistant', content: content.slice(0, 4000) },
      { role: 'user', content: `That answer is invalid: ${problem}. Answer again with only the JSON object described.` },
    );
  }
  return { ok: false, problem: `${problem} (after ${settings.maxRetries + 1} answers)`, calls };
}

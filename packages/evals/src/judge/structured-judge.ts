/**
 * The one structured LLM-judge loop, used by the evals `llm_judge` evaluator and the server's decision
 * judge: ask (the model call is injected, so each caller keeps its own transport — the server's goes
 * through its outbound guard), read JSON out of the answer, validate it against a JSON Schema (ajv),
 * and on invalid output ask again, telling the model what was wrong.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { ChatMessage } from '@tracehub/core';
import { parseOutputJson } from '../evaluators/output-json.js';

/** One judging. */
export interface StructuredJudgeRequest {
  /** The conversation to start from (system prompt, the material to judge). */
  messages: ChatMessage[];
  /** JSON Schema every answer must satisfy (compiled once per schema object). */
  schema: object;
  /** Retries after invalid output (0 = one answer only). */
  maxRetries: number;
  /** One model call with the conversation so far; answers its text. A throw ends the judging (`call_failed`). */
  ask(conversation: ChatMessage[], attempt: number): Promise<string>;
  /** Told about each invalid answer (e.g. to mark the call record). */
  onInvalid?(problem: string, attempt: number): void;
}

/** How a judging ended. `attempts` counts the calls made; `content` is the last answer (null when none came). */
export type StructuredJudgeOutcome<T> =
  | { ok: true; value: T; attempts: number; content: string }
  | { ok: false; failure: 'invalid_output'; problem: string; attempts: number; content: string | null }
  | { ok: false; failure: 'call_failed'; error: unknown; problem: string | null; attempts: number; content: string | null };

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Why `content` is not a valid answer, or null (with the value) when it is. */
export function checkJudgeAnswer(content: string, schema: object): { value: unknown; problem: null } | { value: undefined; problem: string } {
  const validate = validatorFor(schema);
  const parsed = parseOutputJson(content);
  if (parsed === undefined) return { value: undefined, problem: 'the answer is not JSON' };
  if (validate(parsed)) return { value: parsed, problem: null };
  return { value: undefined, problem: `the answer breaks the schema: ${ajv.errorsText(validate.errors, { dataVar: 'answer' })}` };
}

/** Runs the loop: at most `maxRetries + 1` calls; never throws (a failed call is an outcome). */
export async function runStructuredJudge<T>(request: StructuredJudgeRequest): Promise<StructuredJudgeOutcome<T>> {
  const conversation = [...request.messages];
  let problem = 'the judge was not asked';
  let content: string | null = null;
  for (let attempt = 0; attempt <= request.maxRetries; attempt++) {
    try {
      content = await request.ask([...conversation], attempt);
    } catch (error) {
      return { ok: false, failure: 'call_failed', error, problem: attempt > 0 ? problem : null, attempts: attempt + 1, content };
    }
    const checked = checkJudgeAnswer(content, request.schema);
    if (checked.problem === null) return { ok: true, value: checked.value as T, attempts: attempt + 1, content };
    problem = checked.problem;
    request.onInvalid?.(problem, attempt);
    conversation.push(
      { role: 'assistant', content: content.slice(0, 4000) },
      { role: 'user', content: `That answer is invalid: ${problem}. Answer again with only the JSON object described.` },
    );
  }
  return { ok: false, failure: 'invalid_output', problem, attempts: request.maxRetries + 1, content };
}

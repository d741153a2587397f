/**
 * `llm_judge`: an LLM grades the output against a rubric (`mode: rubric`, default), or picks the better
 * of the output and the baseline run's output for the same item (`mode: pairwise`, the two shown in a
 * seeded random order per item so position bias cancels out over a run). Answers must satisfy a JSON
 * Schema; invalid answers are retried, then the score is an ERROR — never a silent pass.
 */
import fs from 'node:fs';
import type { ChatMessage } from '@tracehub/core';
import { textTranslator, type TranslateText } from '../report/report-lang.js';
import { seededRandom, seedFromText } from '../seeded-random.js';
import type { EvaluationContext, Evaluator, EvaluatorResult } from './evaluator.js';
import { evaluatorBase, numberOption, stringOption, type EvaluatorSpec } from './evaluator-spec.js';
import { askJudge, type JudgeSettings } from './judge-call.js';

const items = { type: 'array', items: { type: 'string' }, maxItems: 50 };

/** JSON Schema of a rubric verdict (score 1–5). */
const RUBRIC_VERDICT_SCHEMA = {
  type: 'object',
  required: ['score', 'reasoning', 'passed_items', 'failed_items', 'suggestions'],
  properties: { score: { type: 'number', minimum: 1, maximum: 5 }, passed: { type: 'boolean' }, reasoning: { type: 'string' }, passed_items: items, failed_items: items, suggestions: items },
} as const;

/** JSON Schema of a pairwise verdict. */
const PAIRWISE_VERDICT_SCHEMA = {
  type: 'object',
  required: ['winner', 'reasoning'],
  properties: { winner: { enum: ['A', 'B', 'tie'] }, reasoning: { type: 'string' }, passed_items: items, failed_items: items, suggestions: items },
} as const;

/** The rubric used when none is given. */
const DEFAULT_RUBRIC =
  'Grade how well the OUTPUT does what the PROMPT asks: correct, complete, specific to the inputs, and in the requested format. ' +
  'When EXPECTED is given, check the output against it (keywords to cover, phrases to avoid, reference facts). ' +
  '5 = excellent, 4 = good with small gaps, 3 = acceptable, 2 = poor, 1 = wrong or off-topic.';

const RUBRIC_SHAPE = '{"score": 3, "passed": true, "reasoning": "...", "passed_items": ["..."], "failed_items": ["..."], "suggestions": ["..."]}';
const PAIRWISE_SHAPE = '{"winner": "A", "reasoning": "...", "passed_items": ["..."], "failed_items": ["..."], "suggestions": ["..."]}';
const MAX_CHARS = 12_000;

const clip = (text: string) => (text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS)}… (truncated)` : text);
const promptText = (messages: ChatMessage[]) => clip(messages.map((m) => (messages.length > 1 ? `[${m.role}] ${m.content}` : m.content)).join('\n'));

interface RubricVerdict {
  score: number;
  reasoning: string;
  passed_items: string[];
  failed_items: string[];
  suggestions: string[];
}
interface PairwiseVerdict {
  winner: 'A' | 'B' | 'tie';
  reasoning: string;
  passed_items?: string[];
  failed_items?: string[];
  suggestions?: string[];
}

/** In a Korean run the judge writes its texts in Korean (English runs keep the prompt, and so their cache, unchanged). */
const languageLine = (ctx: EvaluationContext) => (ctx.lang === 'ko' ? '\nWrite reasoning, passed_items, failed_items and suggestions in Korean.' : '');

function rubricMessages(rubric: string, ctx: EvaluationContext): ChatMessage[] {
  const expected = ctx.expected.raw === undefined || ctx.expected.raw === null ? '' : `\n\nEXPECTED:\n${clip(JSON.stringify(ctx.expected.raw))}`;
  return [
    { role: 'system', content: `You are a strict evaluator of LLM outputs.\n${rubric}` },
    {
      role: 'user',
      content: `PROMPT:\n${promptText(ctx.messages)}\n\nOUTPUT:\n${clip(ctx.output)}${expected}\n\nAnswer with one JSON object and nothing else, in this shape (score 1–5):\n${RUBRIC_SHAPE}${languageLine(ctx)}`,
    },
  ];
}

function pairwiseMessages(rubric: string, ctx: EvaluationContext, first: string, second: string): ChatMessage[] {
  return [
    { role: 'system', content: `You compare two answers to the same prompt and pick the better one. Judge content, not position or length.\n${rubric}` },
    {
      role: 'user',
      content: `PROMPT:\n${promptText(ctx.messages)}\n\nANSWER A:\n${clip(first)}\n\nANSWER B:\n${clip(second)}\n\nAnswer with one JSON object and nothing else, in this shape (winner A, B or tie):\n${PAIRWISE_SHAPE}${languageLine(ctx)}`,
    },
  ];
}

/** What the judge evaluator needs besides its spec. */
export interface JudgeDeps {
  settings?: Omit<JudgeSettings, 'maxRetries' | 'jsonMode' | 'temperature'>;
}

/**
 * Creates the evaluator. Options: `mode` rubric | pairwise, `rubric` (text) or `rubric_file`,
 * `max_retries` (default 2), `json_mode` (default true), `temperature` (default 0). The item's
 * expected `rubric` replaces the configured one. Default threshold 0.75 (rubric score 4 of 5) for
 * rubric mode, 0.5 (a tie or better) for pairwise.
 */
export function createLlmJudgeEvaluator(spec: EvaluatorSpec, deps: JudgeDeps): Evaluator {
  const mode = stringOption(spec, 'mode') ?? 'rubric';
  if (mode !== 'rubric' && mode !== 'pairwise') throw new Error(`evaluator ${spec.name ?? 'llm_judge'}: mode must be rubric or pairwise.`);
  const base = evaluatorBase(spec, mode === 'rubric' ? 0.75 : 0.5);
  if (!deps.settings) throw new Error(`evaluator ${base.name}: an LLM judge needs a judge model (--judge-model, or judge: in tracehub.eval.yaml).`);
  const rubricFile = stringOption(spec, 'rubric_file');
  const rubric = rubricFile ? fs.readFileSync(rubricFile, 'utf8') : (stringOption(spec, 'rubric') ?? DEFAULT_RUBRIC);
  const settings: JudgeSettings = {
    ...deps.settings,
    maxRetries: numberOption(spec, 'max_retries', 2),
    jsonMode: spec.json_mode !== false,
    temperature: numberOption(spec, 'temperature', 0),
  };
  const error = (t: TranslateText, problem: string, calls: EvaluatorResult['calls']): EvaluatorResult => ({
    score: null,
    status: 'error',
    evalModel: settings.model,
    calls,
    comment: {
      failed_items: [problem],
      reasoning: t('The judge gave no valid verdict: {problem}.', { problem }),
      suggestions: [t('Check the judge model follows JSON instructions (or set json_mode), then re-run with --resume <run> --retry-errors.')],
    },
  });

  async function rubricMode(ctx: EvaluationContext): Promise<EvaluatorResult> {
    const t = textTranslator(ctx.lang ?? 'en');
    const outcome = await askJudge<RubricVerdict>(settings, rubricMessages(ctx.expected.rubric ?? rubric, ctx), RUBRIC_VERDICT_SCHEMA, base.name);
    if (!outcome.ok) return error(t, outcome.problem, outcome.calls);
    const v = outcome.value;
    return {
      score: (v.score - 1) / 4,
      evalModel: settings.model,
      calls: outcome.calls,
      comment: { passed_items: v.passed_items, failed_items: v.failed_items, reasoning: t('Judge score {score}/5. {reasoning}', { score: v.score, reasoning: v.reasoning }), suggestions: v.suggestions },
    };
  }

  async function pairwiseMode(ctx: EvaluationContext): Promise<EvaluatorResult> {
    const t = textTranslator(ctx.lang ?? 'en');
    if (ctx.baselineOutput === null) return { score: null, comment: { reasoning: t('No baseline output for this item; pairwise judging needs --baseline <run>.') } };
    const candidateFirst = seededRandom(seedFromText(`pairwise:${ctx.key}`))() < 0.5;
    const [first, second] = candidateFirst ? [ctx.output, ctx.baselineOutput] : [ctx.baselineOutput, ctx.output];
    const outcome = await askJudge<PairwiseVerdict>(settings, pairwiseMessages(ctx.expected.rubric ?? rubric, ctx, first, second), PAIRWISE_VERDICT_SCHEMA, base.name);
    if (!outcome.ok) return error(t, outcome.problem, outcome.calls);
    const v = outcome.value;
    const candidateLetter = candidateFirst ? 'A' : 'B';
    const score = v.winner === 'tie' ? 0.5 : v.winner === candidateLetter ? 1 : 0;
    const verdict = t(score === 1 ? 'the candidate wins' : score === 0 ? 'the baseline wins' : 'a tie');
    return {
      score,
      evalModel: settings.model,
      calls: outcome.calls,
      comment: {
        passed_items: v.passed_items ?? [],
        failed_items: v.failed_items ?? [],
        reasoning: t('Pairwise (candidate shown as {letter}): {verdict}. {reasoning}', { letter: candidateLetter, verdict, reasoning: v.reasoning }),
        suggestions: v.suggestions ?? [],
      },
    };
  }

  return { ...base, type: 'llm_judge', evaluate: (ctx) => (mode === 'rubric' ? rubricMode(ctx) : pairwiseMode(ctx)) };
}

/**
 * The texts built-in evaluators write into score comments (reasoning, checks, suggestions) follow the
 * run's report language: English by default, Korean for `ko`, from the one report-lang catalogue;
 * the run writes them in its language.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExperimentScore } from '@tracehub/core';
import { createEvaluators, parseEvaluatorList } from './create-evaluators.js';
import type { EvaluationContext, Evaluator } from './evaluator.js';
import { expectedFields } from './expected-fields.js';
import { errorScore, finalizeScore } from './score-comment.js';
import { createOfflineProvider } from '../model/offline-provider.js';
import { textTranslator, type ReportLang } from '../report/report-lang.js';
import { makeWorkspace, testSpec } from '../testing/test-runs.js';
import { prepareRun } from '../runner/prepare-run.js';
import { runExperiment } from '../runner/run-experiment.js';
import { resultsPaths } from '../runner/results-layout.js';

function context(output: string, expected: unknown, lang?: ReportLang, extra: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    key: 'case_001', itemId: 'case_001', repetition: 1, input: {}, messages: [{ role: 'user', content: 'q' }], output,
    expected: expectedFields(expected), metadata: {}, latencyMs: 120, cost: 0.002, usage: { input_tokens: 10, output_tokens: 5 }, baselineOutput: null,
    ...(lang ? { lang } : {}), ...extra,
  };
}

async function score(spec: string | object, ctx: EvaluationContext): Promise<ExperimentScore> {
  const specs = typeof spec === 'string' ? parseEvaluatorList(spec) : [spec as { type: string }];
  const [evaluator] = await createEvaluators(specs, { cwd: process.cwd(), provider: createOfflineProvider() });
  return finalizeScore(evaluator, await evaluator.evaluate(ctx));
}

/** Every text of a comment except the data it quotes. */
const texts = (s: ExperimentScore) => [s.comment.reasoning, ...s.comment.passed_items, ...s.comment.failed_items, ...s.comment.suggestions];

/** One case per built-in rule evaluator and outcome: spec, output, expected (and context extras). */
const CASES: [string, string | object, string, unknown, Partial<EvaluationContext>?][] = [
  ['keywords missing', 'keywords', 'cache and index', { keywords: ['cache', 'sharding'] }],
  ['keywords none', 'keywords', 'x', { keywords: [] }],
  ['forbidden present', 'forbidden', 'the salary is 3', { forbidden: ['salary'] }],
  ['forbidden absent', 'forbidden', 'fine', { forbidden: ['salary', 'answer'] }],
  ['reference sections', 'reference', '{"a": 1}', { reference: { must_have_sections: ['a', 'b'], score_range: [1, 2], item_count: 2, city: 'Paris' } }],
  ['reference text', { type: 'reference', mode: 'exact' }, 'The answer is Paris.', 'paris'],
  ['reference number', 'reference', 'about 7', { reference: 3 }],
  ['regex', { type: 'regex', pattern: '^\\d+\\.', must_not_match: 'sorry' }, 'sorry', null],
  ['regex none', 'regex', 'x', null],
  ['json_schema not json', 'json_schema', 'not json', null],
  ['json_schema breaks', { type: 'json_schema', schema: { type: 'object', required: ['score'] } }, '{"x": 1}', null],
  ['json_schema ok', 'json_schema', '{"x": 1}', null],
  ['similarity', { type: 'similarity', method: 'levenshtein' }, 'the quick brown fox', 'a slow red dog'],
  ['similarity none', 'similarity', 'x', null],
  ['latency', { type: 'latency', max_ms: 100 }, 'x', null],
  ['cost', { type: 'cost', max_usd: 0.001 }, 'x', null],
  ['cost unpriced', 'cost', 'x', null, { cost: null }],
];

describe('evaluator texts in the report language', () => {
  it('are English by default and with lang en', async () => {
    const kw = await score('keywords', context('cache and index', { keywords: ['cache', 'sharding'] }));
    expect(kw.comment.reasoning).toBe('1 of 2 expected keywords appear in the output; missing: sharding.');
    expect(kw.comment.suggestions).toEqual(['Make the prompt ask for "sharding" (or a reason to mention them).']);
    expect((await score('keywords', context('cache and index', { keywords: ['cache', 'sharding'] }, 'en'))).comment).toEqual(kw.comment);
    const forbidden = await score('forbidden', context('the salary is 3', { forbidden: ['salary'] }, 'en'));
    expect(forbidden.comment).toMatchObject({ reasoning: 'The output contains the forbidden phrase "salary".', failed_items: ['present: salary'] });
    const latency = await score({ type: 'latency', max_ms: 100 }, context('x', null, 'en'));
    expect(latency.comment.reasoning).toBe('The latency was 120 ms against a budget of 100 ms.');
  });

  it('are Korean with lang ko, the data they quote left as it is', async () => {
    const kw = await score('keywords', context('cache and index', { keywords: ['cache', 'sharding'] }, 'ko'));
    expect(kw.comment.reasoning).toBe('기대 키워드 2개 중 1개가 출력에 있습니다. 빠진 키워드: sharding.');
    expect(kw.comment.suggestions).toEqual(['프롬프트에서 "sharding"을(를) 다루도록 요청하세요(또는 언급할 이유를 주세요).']);
    expect(kw.comment.failed_items).toEqual(['sharding']);
    const forbidden = await score('forbidden', context('the salary is 3', { forbidden: ['salary'] }, 'ko'));
    expect(forbidden.comment).toMatchObject({ reasoning: '출력에 금지 표현 "salary"이(가) 있습니다.', failed_items: ['포함됨: salary'] });
    const latency = await score({ type: 'latency', max_ms: 100 }, context('x', null, 'ko'));
    expect(latency.comment.reasoning).toBe('지연 시간: 120 ms (예산 100 ms).');
    expect(latency.comment.failed_items).toEqual(['지연 시간 120 ms > 100 ms']);
  });

  it('every built-in rule evaluator writes every text in Korean for ko, and differently from English', async () => {
    for (const [name, spec, output, expected, extra] of CASES) {
      const en = await score(spec, context(output, expected, 'en', extra));
      const ko = await score(spec, context(output, expected, 'ko', extra));
      expect([name, en.score, en.passed, en.status]).toEqual([name, ko.score, ko.passed, ko.status]);
      expect([name, ko.comment.reasoning]).not.toEqual([name, en.comment.reasoning]);
      // Each Korean text has Hangul, and no English sentence of the catalogue is left in it.
      for (const text of texts(ko)) {
        if (text === '' || texts(en).includes(text)) continue; // a quoted value (a keyword, an ajv message) stays as it is
        expect([name, text, /[가-힣]/.test(text)]).toEqual([name, text, true]);
      }
      expect([name, ko.comment.reasoning.match(/\b(the|of|appear|output|passed)\b/)]).toEqual([name, null]);
    }
  });

  it('an evaluator that throws is reported in the run language, its own message as it is', () => {
    const evaluator = { name: 'tone', type: 'custom', weight: 1, threshold: 0.5 } as Evaluator;
    expect(errorScore(evaluator, new Error('boom')).comment.reasoning).toBe('The evaluator failed: boom');
    const ko = errorScore(evaluator, new Error('boom'), 'ko');
    expect(ko.comment.reasoning).toBe('평가자가 실패했습니다: boom');
    expect(ko.comment.suggestions[0]).toBe('custom 평가자 "tone"을(를) 고친 뒤 --resume <run> --retry-errors로 다시 실행하세요.');
  });

  it('every Korean catalogue text keeps the placeholders of its English text', () => {
    const source = fs.readFileSync(new URL('../report/report-lang.ts', import.meta.url), 'utf8');
    const ko = textTranslator('ko');
    for (const [, en] of source.matchAll(/^\s+'([^']*\{\w+\}[^']*)':/gm)) {
      const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect([en, names(ko(en))]).toEqual([en, names(en)]);
    }
  });

  it('a run with report_lang ko writes Korean reasoning into its items', async () => {
    const cwd = makeWorkspace({ count: 2, split: true });
    const spec = { ...testSpec({ name: 'lang-items' }), report_lang: 'ko' as const };
    const result = await runExperiment(await prepareRun(spec, { cwd, env: {}, traceHub: { host: 'http://127.0.0.1:1', apiKey: 'x' }, trackers: [] }));
    const items = fs.readFileSync(resultsPaths(result.dir).items, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { scores: Record<string, ExperimentScore> });
    const reasoning = items.flatMap((i) => Object.values(i.scores).map((s) => s.comment.reasoning)).filter(Boolean);
    expect(reasoning.length).toBeGreaterThan(0);
    for (const text of reasoning) expect([text, /[가-힣]/.test(text)]).toEqual([text, true]);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreCommentSchema } from '@tracehub/core';
import { createEvaluators, parseEvaluatorList } from './create-evaluators.js';
import type { EvaluationContext } from './evaluator.js';
import { expectedFields } from './expected-fields.js';
import { finalizeScore } from './score-comment.js';
import { createOfflineProvider } from '../model/offline-provider.js';

function context(output: string, expected: unknown, extra: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    key: 'case_001', itemId: 'case_001', repetition: 1, input: {}, messages: [{ role: 'user', content: 'q' }], output,
    expected: expectedFields(expected), metadata: {}, latencyMs: 120, cost: 0.002, usage: { input_tokens: 10, output_tokens: 5 }, baselineOutput: null, ...extra,
  };
}

async function scoreWith(spec: string | object, ctx: EvaluationContext) {
  const specs = typeof spec === 'string' ? parseEvaluatorList(spec) : [spec as { type: string }];
  const [evaluator] = await createEvaluators(specs, { cwd: process.cwd(), provider: createOfflineProvider() });
  const score = finalizeScore(evaluator, await evaluator.evaluate(ctx));
  expect(scoreCommentSchema.parse(score.comment)).toEqual(score.comment);
  return score;
}

describe('evaluators', () => {
  it('keywords: share found, case-insensitive, Korean, comment lists found and missing', async () => {
    const s = await scoreWith('keywords', context('Redis 캐시와 인덱스로 200MS 달성', { keywords: ['인덱스', '캐시', '200ms', '샤딩'] }));
    expect(s.score).toBe(0.75);
    expect(s.passed).toBe(false);
    expect(s.comment.passed_items).toEqual(['인덱스', '캐시', '200ms']);
    expect(s.comment.failed_items).toEqual(['샤딩']);
    expect(s.comment.suggestions[0]).toContain('샤딩');
    expect((await scoreWith('keywords=0.7', context('캐시 인덱스 200ms', { keywords: ['인덱스', '캐시', '200ms', '샤딩'] }))).passed).toBe(true);
    expect((await scoreWith('keywords', context('x', { keywords: [] }))).status).toBe('skipped');
  });

  it('forbidden: fails when any phrase appears', async () => {
    const bad = await scoreWith('forbidden', context('연봉 협상이 중요합니다', { forbidden: ['연봉', '정답'] }));
    expect(bad).toMatchObject({ passed: false, score: 0.5, status: 'ok' });
    expect(bad.comment.failed_items).toEqual(['present: 연봉']);
    expect((await scoreWith('forbidden', context('괜찮은 답', { forbidden: ['연봉'] }))).passed).toBe(true);
  });

  it('reference: the seed shapes (sections, ranges, counts) and text / number / per-field', async () => {
    const json = '```json\n{"competencies": ["a"], "questions": [{"q": 1}], "pitfalls": []}\n```';
    expect((await scoreWith('reference', context(json, { reference: { must_have_sections: ['competencies', 'questions', 'pitfalls'] } }))).score).toBe(1);
    const missing = await scoreWith('reference', context('{"competencies": []}', { reference: { must_have_sections: ['competencies', 'questions'] } }));
    expect(missing.score).toBe(0.5);
    expect(missing.comment.failed_items[0]).toContain('section questions');
    expect((await scoreWith('reference', context('{"score": 4}', { reference: { score_range: [4, 5] } }))).passed).toBe(true);
    expect((await scoreWith('reference', context('{"score": 2}', { reference: { score_range: [4, 5] } }))).passed).toBe(false);
    expect((await scoreWith('reference', context('1. 첫째\n2. 둘째\n3. 셋째', { reference: { question_count: 3 } }))).passed).toBe(true);
    expect((await scoreWith('reference', context('{"questions": ["a", "b"]}', { reference: { question_count: 3 } }))).passed).toBe(false);
    expect((await scoreWith('reference', context('The answer is Paris.', 'paris'))).passed).toBe(true);
    expect((await scoreWith({ type: 'reference', mode: 'exact' }, context('The answer is Paris.', 'paris'))).passed).toBe(false);
    expect((await scoreWith({ type: 'reference', tolerance: 0.05 }, context('about 3.14', { reference: 3.0 }))).passed).toBe(false);
    expect((await scoreWith({ type: 'reference', tolerance: 0.05 }, context('about 3.14', { reference: 3.12 }))).passed).toBe(true);
    expect((await scoreWith('reference', context('{"city": "Paris", "n": 2}', { reference: { city: 'paris', n: 2 } }))).score).toBe(1);
    expect((await scoreWith('reference', context('x', { reference: {} }))).status).toBe('skipped');
  });

  it('regex, json_schema and similarity', async () => {
    expect((await scoreWith({ type: 'regex', pattern: '^\\d+\\.', must_not_match: '죄송' }, context('1. 좋은 질문', null))).passed).toBe(true);
    expect((await scoreWith({ type: 'regex', pattern: '^\\d+\\.' }, context('죄송합니다', null))).passed).toBe(false);
    await expect(createEvaluators([{ type: 'regex', pattern: '(' }], { cwd: '.' })).rejects.toThrow(/not a valid regular expression/);
    const schema = { type: 'object', required: ['score'], properties: { score: { type: 'integer', minimum: 1, maximum: 5 } } };
    expect((await scoreWith({ type: 'json_schema', schema }, context('{"score": 4}', null))).passed).toBe(true);
    const broken = await scoreWith({ type: 'json_schema', schema }, context('{"score": 9}', null));
    expect(broken.passed).toBe(false);
    expect(broken.comment.failed_items[0]).toMatch(/score/);
    expect((await scoreWith('json_schema', context('not json', null))).comment.failed_items).toEqual(['the output is not JSON']);
    const near = await scoreWith({ type: 'similarity', method: 'levenshtein' }, context('the quick brown fox', 'the quick brown fax'));
    expect(near.score).toBeGreaterThan(0.9);
    const embedded = await scoreWith('similarity', context('캐시를 도입해 응답 시간을 줄였다', '캐시를 도입해 응답 시간을 줄였다'));
    expect(embedded.score).toBeCloseTo(1, 6);
    expect(embedded.eval_model).toBe('offline-trigram');
  });

  it('latency and cost budgets', async () => {
    expect((await scoreWith({ type: 'latency', max_ms: 100 }, context('x', null))).passed).toBe(false);
    expect((await scoreWith({ type: 'latency', max_ms: 1000 }, context('x', null))).score).toBe(1);
    expect((await scoreWith({ type: 'cost', max_usd: 0.001 }, context('x', null))).score).toBeCloseTo(0.5);
    expect((await scoreWith('cost', context('x', null, { cost: null }))).status).toBe('skipped');
  });

  it('custom evaluators from a user module (function or object export)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'custom-eval-'));
    fs.writeFileSync(path.join(dir, 'polite.mjs'), `export default (ctx) => ({ score: ctx.output.includes('감사') ? 1 : 0, reasoning: 'checks thanks', suggestions: ['say thanks'] });\n`);
    fs.writeFileSync(path.join(dir, 'length.mjs'), `export default { name: 'short', evaluate: (ctx) => ctx.output.length < 10 };\n`);
    const [polite, short] = await createEvaluators(parseEvaluatorList('custom:./polite.mjs,custom:./length.mjs'), { cwd: dir });
    expect(polite.name).toBe('polite');
    expect(short.name).toBe('short');
    expect(finalizeScore(polite, await polite.evaluate(context('감사합니다', null)))).toMatchObject({ score: 1, passed: true });
    expect(finalizeScore(short, await short.evaluate(context('a very long answer indeed', null)))).toMatchObject({ score: 0, passed: false });
    await expect(createEvaluators([{ type: 'custom', module: './missing.mjs' }], { cwd: dir })).rejects.toThrow(/cannot load custom evaluator/);
  });

  it('refuses unknown evaluators and duplicate names', async () => {
    expect(() => parseEvaluatorList('keywords,bogus')).toThrow(/Unknown evaluator "bogus"/);
    expect(() => parseEvaluatorList('keywords=2')).toThrow(/between 0 and 1/);
    await expect(createEvaluators(parseEvaluatorList('keywords,keywords'), { cwd: '.' })).rejects.toThrow(/Two evaluators/);
    await expect(createEvaluators(parseEvaluatorList('llm_judge'), { cwd: '.' })).rejects.toThrow(/judge model/);
  });
});

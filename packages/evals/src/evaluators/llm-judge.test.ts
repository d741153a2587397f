import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPriceTable } from '@tracehub/core';
import { createOpenAiProvider } from '../model/openai-provider.js';
import type { ModelProvider } from '../model/model-provider.js';
import { startFakeOpenAi, type FakeOpenAi } from '../testing/fake-openai-server.js';
import { createLlmJudgeEvaluator } from './llm-judge-evaluator.js';
import { expectedFields } from './expected-fields.js';
import { finalizeScore } from './score-comment.js';
import type { EvaluationContext } from './evaluator.js';

const VALID = JSON.stringify({ score: 4, reasoning: 'specific and complete', passed_items: ['uses numbers'], failed_items: [], suggestions: ['add a metric'] });

function ctx(key: string, extra: Partial<EvaluationContext> = {}): EvaluationContext {
  return {
    key, itemId: key, repetition: 1, input: { q: 'x' }, messages: [{ role: 'user', content: '질문에 답하세요' }], output: '캐시로 200ms',
    expected: expectedFields({ keywords: ['캐시'] }), metadata: {}, latencyMs: 1, cost: null, usage: { input_tokens: 1, output_tokens: 1 }, baselineOutput: null, ...extra,
  };
}

describe('llm_judge', () => {
  let fake: FakeOpenAi;
  let mode: 'invalid' | 'invalid-then-valid' | 'schema-broken' | 'pairwise-first' = 'invalid';
  let provider: ModelProvider;
  const judge = () =>
    createLlmJudgeEvaluator({ type: 'llm_judge' }, { settings: { provider, model: 'gpt-4.1-mini', prices: createPriceTable() } });

  beforeAll(async () => {
    fake = await startFakeOpenAi((request) => {
      const attempt = request.messages.filter((m) => m.role === 'assistant').length;
      if (mode === 'invalid') return 'I think it is good, 4 out of 5.';
      if (mode === 'schema-broken') return JSON.stringify({ score: 11, reasoning: 'x', passed_items: [], failed_items: [], suggestions: [] });
      if (mode === 'invalid-then-valid') return attempt === 0 ? '{"score": "four"' : VALID;
      // Pairwise: the judge always prefers whatever is shown first (pure position bias).
      return JSON.stringify({ winner: 'A', reasoning: 'the first one' });
    });
    provider = createOpenAiProvider({ baseUrl: fake.url, maxRetries: 0 });
  });
  afterAll(() => fake.close());

  it('retries invalid JSON, then records an evaluator ERROR, never a pass', async () => {
    mode = 'invalid';
    const before = fake.chatRequests.length;
    const evaluator = judge();
    const score = finalizeScore(evaluator, await evaluator.evaluate(ctx('a')));
    expect(fake.chatRequests.length - before).toBe(3);
    expect(score).toMatchObject({ status: 'error', passed: false, score: null, eval_model: 'gpt-4.1-mini' });
    expect(score.comment.reasoning).toMatch(/no valid verdict.*not JSON.*after 3 answers/);
    // The retries tell the model what was wrong.
    const last = fake.chatRequests[fake.chatRequests.length - 1];
    expect(last.messages[last.messages.length - 1].content).toMatch(/That answer is invalid: the answer is not JSON/);
    expect(last.body.response_format).toEqual({ type: 'json_object' });
  });

  it('an answer that breaks the JSON Schema is also an error', async () => {
    mode = 'schema-broken';
    const evaluator = judge();
    const score = finalizeScore(evaluator, await evaluator.evaluate(ctx('b')));
    expect(score.status).toBe('error');
    expect(score.comment.reasoning).toMatch(/breaks the schema.*score/);
  });

  it('a valid answer after an invalid one scores (score 4 of 5 → 0.75) and keeps the judge calls', async () => {
    mode = 'invalid-then-valid';
    const evaluator = judge();
    const result = await evaluator.evaluate(ctx('c'));
    expect(result.calls).toHaveLength(2);
    expect(result.calls?.[0].error).toMatch(/not JSON/);
    const score = finalizeScore(evaluator, result);
    expect(score).toMatchObject({ status: 'ok', score: 0.75, passed: true });
    expect(score.comment).toEqual({ passed_items: ['uses numbers'], failed_items: [], reasoning: 'Judge score 4/5. specific and complete', suggestions: ['add a metric'] });
  });

  it('pairwise: the order is randomised per item, so a position-biased judge comes out even', async () => {
    mode = 'pairwise-first';
    const evaluator = createLlmJudgeEvaluator({ type: 'llm_judge', mode: 'pairwise' }, { settings: { provider, model: 'judge', prices: createPriceTable() } });
    const scores: number[] = [];
    for (let i = 0; i < 40; i++) {
      const result = await evaluator.evaluate(ctx(`item-${i}`, { baselineOutput: 'baseline answer' }));
      scores.push(result.score as number);
      expect(result.comment?.reasoning).toMatch(/candidate shown as [AB]/);
    }
    const wins = scores.filter((s) => s === 1).length;
    expect(wins).toBeGreaterThan(10);
    expect(wins).toBeLessThan(30);
    // Reproducible: the same key gets the same order.
    const again = await evaluator.evaluate(ctx('item-0', { baselineOutput: 'baseline answer' }));
    expect(again.score).toBe(scores[0]);
    const skipped = await evaluator.evaluate(ctx('no-baseline'));
    expect(skipped.score).toBeNull();
  });
  it('writes its texts in the run language and asks the judge for Korean in a Korean run', async () => {
    mode = 'invalid-then-valid';
    const evaluator = judge();
    const ko = finalizeScore(evaluator, await evaluator.evaluate(ctx('ko-1', { lang: 'ko' })));
    expect(ko.comment.reasoning).toBe('평가 점수 4/5. specific and complete');
    const asked = JSON.stringify(fake.chatRequests.at(-1)?.messages);
    expect(asked).toContain('in Korean');
    const en = finalizeScore(evaluator, await evaluator.evaluate(ctx('en-1', { lang: 'en' })));
    expect(en.comment.reasoning).toBe('Judge score 4/5. specific and complete');
    expect(JSON.stringify(fake.chatRequests.at(-1)?.messages)).not.toContain('in Korean');
    mode = 'invalid';
    const failed = finalizeScore(evaluator, await evaluator.evaluate(ctx('ko-2', { lang: 'ko' })));
    expect(failed.comment.reasoning).toMatch(/^평가 모델\(judge\)이 올바른 판정을 내지 않았습니다: /);
  });
});

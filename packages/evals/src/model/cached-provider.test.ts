import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPriceTable } from '@tracehub/core';
import { createLlmJudgeEvaluator } from '../evaluators/llm-judge-evaluator.js';
import { expectedFields } from '../evaluators/expected-fields.js';
import { withResponseCache } from './cached-provider.js';
import type { ChatRequest, ChatResponse, ModelProvider } from './model-provider.js';
import { cacheKey, createResponseCache } from './response-cache.js';

const VALID = JSON.stringify({ score: 4, reasoning: 'ok', passed_items: [], failed_items: [], suggestions: [] });

/** A provider answering from a script, counting its calls. */
function scripted(answers: Array<string | Error>): ModelProvider & { calls: number } {
  const provider = {
    id: 'scripted',
    kind: 'openai-compatible',
    calls: 0,
    async chat(request: ChatRequest): Promise<ChatResponse> {
      const answer = answers[Math.min(provider.calls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return { content: answer, usage: { input_tokens: 1, output_tokens: 1 }, latencyMs: 1, cached: false, model: request.model };
    },
  };
  return provider;
}

const tempCache = () => createResponseCache(fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-cache-')));
const request = (validate?: ChatRequest['validate']): ChatRequest => ({ model: 'm', messages: [{ role: 'user', content: 'hi' }], parameters: {}, ...(validate ? { validate } : {}) });
const isJson = (content: string) => {
  try {
    JSON.parse(content);
    return null;
  } catch {
    return 'not JSON';
  }
};

describe('response cache: only usable answers are stored or replayed', () => {
  it('a valid answer is stored and replayed', async () => {
    const inner = scripted(['{"a":1}']);
    const provider = withResponseCache(inner, tempCache());
    expect((await provider.chat(request(isJson))).cached).toBe(false);
    const again = await provider.chat(request(isJson));
    expect(again).toMatchObject({ content: '{"a":1}', cached: true });
    expect(inner.calls).toBe(1);
  });

  it('an answer its validate rejects is not stored: the next call asks again', async () => {
    const inner = scripted(['not json', '{"a":1}']);
    const cache = tempCache();
    const provider = withResponseCache(inner, cache);
    expect((await provider.chat(request(isJson))).content).toBe('not json');
    expect(await cache.get(cacheKey('scripted', request()))).toBeNull();
    expect(await provider.chat(request(isJson))).toMatchObject({ content: '{"a":1}', cached: false });
    expect(inner.calls).toBe(2);
  });

  it('an empty answer and a failed call are not stored', async () => {
    const inner = scripted(['  ', new Error('boom'), 'fine']);
    const provider = withResponseCache(inner, tempCache());
    expect((await provider.chat(request())).content).toBe('  ');
    await expect(provider.chat(request())).rejects.toThrow('boom');
    expect(await provider.chat(request())).toMatchObject({ content: 'fine', cached: false });
    expect(await provider.chat(request())).toMatchObject({ content: 'fine', cached: true });
    expect(inner.calls).toBe(3);
  });

  it('an invalid answer already in the cache (written by an older version) is never replayed', async () => {
    const cache = tempCache();
    const stored: ChatResponse = { content: 'I think 4 of 5', usage: { input_tokens: 1, output_tokens: 1 }, latencyMs: 1, cached: false, model: 'm' };
    await cache.put(cacheKey('scripted', request()), stored);
    const inner = scripted(['{"a":1}']);
    const provider = withResponseCache(inner, cache);
    expect(await provider.chat(request(isJson))).toMatchObject({ content: '{"a":1}', cached: false });
    expect(inner.calls).toBe(1);
    // The valid answer replaced it.
    expect(await provider.chat(request(isJson))).toMatchObject({ content: '{"a":1}', cached: true });
  });

  it('llm_judge: an invalid verdict is not cached, so judging the item again calls the judge again', async () => {
    // First judging: three invalid answers (an ERROR). Second: the judge recovered.
    const inner = scripted(['nope', 'nope', 'nope', VALID]);
    const provider = withResponseCache(inner, tempCache());
    const judge = createLlmJudgeEvaluator({ type: 'llm_judge' }, { settings: { provider, model: 'judge', prices: createPriceTable() } });
    const ctx = {
      key: 'a', itemId: 'a', repetition: 1, input: {}, messages: [{ role: 'user' as const, content: 'q' }], output: 'answer',
      expected: expectedFields({}), metadata: {}, latencyMs: 1, cost: null, usage: { input_tokens: 1, output_tokens: 1 }, baselineOutput: null,
    };
    expect((await judge.evaluate(ctx)).status).toBe('error');
    expect(inner.calls).toBe(3);
    const second = await judge.evaluate(ctx);
    expect(second.score).toBe(0.75);
    expect(second.calls?.map((c) => c.cached)).toEqual([false]);
    expect(inner.calls).toBe(4);
    // The valid verdict is cached now.
    expect((await judge.evaluate(ctx)).calls?.map((c) => c.cached)).toEqual([true]);
    expect(inner.calls).toBe(4);
  });
});

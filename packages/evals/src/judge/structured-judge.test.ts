import { describe, expect, it } from 'vitest';
import { checkJudgeAnswer, runStructuredJudge } from './structured-judge.js';

const schema = { type: 'object', required: ['verdict'], properties: { verdict: { enum: ['yes', 'no'] } } };

describe('runStructuredJudge', () => {
  it('answers the first valid answer, reading JSON out of fences and prose', async () => {
    const answers = ['nope', '{"verdict": "maybe"}', 'Here: ```json\n{"verdict": "yes"}\n```'];
    const seen: string[][] = [];
    const problems: string[] = [];
    const outcome = await runStructuredJudge<{ verdict: string }>({
      messages: [{ role: 'user', content: 'judge' }],
      schema,
      maxRetries: 2,
      ask: async (conversation, attempt) => {
        seen.push(conversation.map((m) => m.content));
        return answers[attempt];
      },
      onInvalid: (problem) => problems.push(problem),
    });
    expect(outcome).toMatchObject({ ok: true, value: { verdict: 'yes' }, attempts: 3 });
    expect(problems[0]).toBe('the answer is not JSON');
    expect(problems[1]).toMatch(/^the answer breaks the schema: answer\/verdict must be equal to one of the allowed values/);
    expect(seen[2].at(-1)).toMatch(/^That answer is invalid: the answer breaks the schema/);
    expect(seen[2]).toHaveLength(5);
  });

  it('gives up after maxRetries with the last problem, and stops at a failed call', async () => {
    const invalid = await runStructuredJudge({ messages: [], schema, maxRetries: 1, ask: async () => 'no json' });
    expect(invalid).toEqual({ ok: false, failure: 'invalid_output', problem: 'the answer is not JSON', attempts: 2, content: 'no json' });
    const boom = new Error('down');
    const failed = await runStructuredJudge({ messages: [], schema, maxRetries: 3, ask: async () => { throw boom; } });
    expect(failed).toMatchObject({ ok: false, failure: 'call_failed', error: boom, attempts: 1, problem: null });
  });

  it('checks one answer on its own', () => {
    expect(checkJudgeAnswer('{"verdict":"no"}', schema)).toEqual({ value: { verdict: 'no' }, problem: null });
    expect(checkJudgeAnswer('[1]', schema).problem).toMatch(/breaks the schema/);
  });
});

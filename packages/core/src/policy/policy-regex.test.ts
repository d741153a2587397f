import { describe, expect, it } from 'vitest';
import { describeZodError } from '../validation-error.js';
import { compilePolicy, evaluatePolicies } from './compile-policy.js';
import { policyDefinitionSchema } from './policy-definition.js';
import { compilePolicyRegex } from './policy-regex.js';

const rule = (value: string, flags?: string) => ({
  when: { field: 'request.text', op: 'regex', value, ...(flags ? { flags } : {}) },
  then: { action: 'BLOCK' },
});
const decide = (pattern: string, text: string, flags?: string) =>
  evaluatePolicies([compilePolicy(policyDefinitionSchema.parse({ rules: [rule(pattern, flags)] }))], {
    request: { text }, response: {}, signals: {}, trace: {},
  }).action;

describe('policy regexes (RE2)', () => {
  it('runs a catastrophic backtracking pattern in linear time', () => {
    const started = performance.now();
    expect(decide('^(a+)+$', `${'a'.repeat(33)}!`)).toBe('ALLOW_ANSWER');
    expect(decide('^(a|aa)+$', `${'a'.repeat(9_000)}!`)).toBe('ALLOW_ANSWER');
    expect(decide('(x+x+)+y', 'x'.repeat(9_000))).toBe('ALLOW_ANSWER');
    // The backtracking engine needs tens of seconds for the first one alone.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(decide('^(a+)+$', 'a'.repeat(33))).toBe('BLOCK');
  });

  it('maps the flags i, m, s and u', () => {
    expect(decide('^hello$', 'HELLO', 'i')).toBe('BLOCK');
    expect(decide('^hello$', 'HELLO')).toBe('ALLOW_ANSWER');
    expect(decide('^two$', 'one\ntwo', 'm')).toBe('BLOCK');
    expect(decide('^two$', 'one\ntwo')).toBe('ALLOW_ANSWER');
    expect(decide('one.two', 'one\ntwo', 's')).toBe('BLOCK');
    expect(decide('one.two', 'one\ntwo')).toBe('ALLOW_ANSWER');
    expect(decide('^.$', '😀', 'u')).toBe('BLOCK');
  });

  it('accepts JavaScript spellings RE2 lacks', () => {
    expect(decide('^[\\uAC00-\\uD7A3]+$', '질문')).toBe('BLOCK');
    expect(decide('(?<word>\\w+)@', 'me@example.com')).toBe('BLOCK');
    expect(decide('\\u{1F600}', 'hi 😀')).toBe('BLOCK');
  });

  it('refuses what RE2 cannot match in linear time, with its reason', () => {
    for (const pattern of ['(a)\\1', '(?=a)b', '(?!a)b', '(?<=a)b', '(?<!a)b', '(?<n>a)\\k<n>']) {
      const compiled = compilePolicyRegex(pattern);
      expect(compiled.ok, pattern).toBe(false);
    }
    const lookahead = compilePolicyRegex('(?=a)b');
    expect(!lookahead.ok && lookahead.reason).toMatch(/unsupported Perl syntax: `\(\?=`/);
    expect(compilePolicyRegex('x', 'g')).toMatchObject({ ok: false });
    expect(compilePolicyRegex('(\\pL|\\d|x){1000}')).toMatchObject({ ok: false, reason: expect.stringMatching(/too complex/) });
  });

  it('names the condition of an unsupported pattern when a policy is validated', () => {
    const result = policyDefinitionSchema.safeParse({ rules: [{ when: { any: [{ field: 'request.text', op: 'regex', value: '(\\w+) \\1' }] }, then: { action: 'BLOCK' } }] });
    expect(result.success).toBe(false);
    const [issue] = describeZodError(result.error!);
    expect(issue.path).toBe('rules[0].when.any[0].value');
    expect(issue.message).toMatch(/RE2.*invalid escape sequence: `\\1`/);
  });

  it('a stored pattern RE2 refuses matches nothing instead of throwing', () => {
    const stored = { rules: [{ priority: 0, when: { field: 'request.text', op: 'regex', value: '(?=a)a' }, then: { action: 'BLOCK' } }] };
    const compiled = compilePolicy(stored as never);
    expect(evaluatePolicies([compiled], { request: { text: 'a' }, response: {}, signals: {}, trace: {} }).action).toBe('ALLOW_ANSWER');
  });
});

import { describe, expect, it } from 'vitest';
import { describeZodError } from '../validation-error.js';
import { compilePolicy, evaluatePolicies, readPath, type PolicyContext } from './compile-policy.js';
import { REGEX_INPUT_LIMIT } from './condition-ops.js';
import { policyDefinitionSchema } from './policy-definition.js';
import { policyBodySchema } from './decision-requests.js';

const context = (overrides: Partial<PolicyContext> = {}): PolicyContext => ({
  request: { safety: { content_filter: 'ok' }, messages: [{ role: 'user', content: 'hello' }] },
  response: { tokens: 512, latency_ms: 900, model: 'gpt-4.1-mini', text: 'fine' },
  signals: { pii: false, pii_types: [], prompt_injection: false },
  trace: { environment: 'prod', tags: ['a', 'b'] },
  ...overrides,
});

const policy = (rules: unknown[]) => compilePolicy(policyDefinitionSchema.parse({ rules }));
const decide = (rules: unknown[], ctx = context()) => evaluatePolicies([policy(rules)], ctx);
const rule = (when: unknown, action = 'BLOCK', priority = 0) => ({ priority, when, then: { action, reason_code: `R_${action}` } });
const cond = (field: string, op: string, value?: unknown, flags?: string) => ({ field, op, value, ...(flags ? { flags } : {}) });

function errors(definition: unknown) {
  const result = policyDefinitionSchema.safeParse(definition);
  return result.success ? [] : describeZodError(result.error);
}

describe('policy DSL evaluation', () => {
  it('answers ALLOW_ANSWER / NO_RULE_MATCHED when nothing matches', () => {
    expect(decide([rule(cond('signals.pii', 'eq', true))])).toEqual({
      action: 'ALLOW_ANSWER', reason_code: 'NO_RULE_MATCHED', severity: 'low', match: null,
    });
  });

  it('evaluates every operator', () => {
    const yes = (c: unknown) => expect(decide([rule(c)]).action).toBe('BLOCK');
    const no = (c: unknown) => expect(decide([rule(c)]).action).toBe('ALLOW_ANSWER');
    yes(cond('request.safety.content_filter', 'eq', 'ok'));
    no(cond('request.safety.content_filter', 'eq', 'OK'));
    yes(cond('request.safety', 'eq', { content_filter: 'ok' }));
    yes(cond('response.model', 'ne', 'gpt-4o'));
    yes(cond('response.missing', 'ne', 'x'));
    yes(cond('response.tokens', 'gt', 511));
    no(cond('response.tokens', 'gt', 512));
    yes(cond('response.tokens', 'gte', 512));
    yes(cond('response.latency_ms', 'lt', 901));
    yes(cond('response.latency_ms', 'lte', 900));
    no(cond('response.model', 'gt', 5));
    yes(cond('response.model', 'gt', 'gpt-3'));
    yes(cond('trace.environment', 'in', ['prod', 'staging']));
    no(cond('trace.environment', 'in', ['dev']));
    no(cond('trace.nothing', 'in', ['dev']));
    yes(cond('trace.environment', 'not_in', ['dev']));
    yes(cond('trace.tags', 'contains', 'b'));
    yes(cond('response.text', 'contains', 'in'));
    no(cond('response.tokens', 'contains', 5));
    yes(cond('request.messages.0.content', 'regex', '^HEL', 'i'));
    no(cond('request.messages.0.content', 'regex', '^HEL'));
    yes(cond('request.messages.0.role', 'exists'));
    yes(cond('request.messages.1', 'exists', false));
    no(cond('request.messages.1.role', 'exists', true));
  });

  it('nests any / all / not to any depth', () => {
    const deep = { not: { not: { all: [{ any: [cond('signals.pii', 'eq', true), { all: [cond('response.tokens', 'gt', 100)] }] }] } } };
    expect(decide([rule(deep)]).action).toBe('BLOCK');
    let node: unknown = cond('response.tokens', 'eq', 512);
    for (let i = 0; i < 40; i++) node = i % 2 ? { all: [node] } : { not: { not: node } };
    expect(decide([rule(node)]).action).toBe('BLOCK');
    expect(decide([rule({ all: [] })]).action).toBe('BLOCK');
    expect(decide([rule({ any: [] })]).action).toBe('ALLOW_ANSWER');
  });

  it('lets the highest priority win; ties go to the earlier rule and policy', () => {
    const always = { all: [] };
    const out = decide([rule(always, 'ALLOW_WITH_WARNING', 1), rule(always, 'BLOCK', 5), rule(always, 'ESCALATE', 5)]);
    expect(out).toMatchObject({ action: 'BLOCK', reason_code: 'R_BLOCK', severity: 'medium', match: { policy: 0, rule: 1, priority: 5 } });
    const a = policy([rule(always, 'NEED_CLARIFICATION', 3)]);
    const b = policy([rule(always, 'ESCALATE', 3), rule(always, 'BLOCK', 9)]);
    expect(evaluatePolicies([a, b], context()).match).toMatchObject({ policy: 1, rule: 1 });
    expect(evaluatePolicies([a, policy([rule(always, 'BLOCK', 3)])], context()).action).toBe('NEED_CLARIFICATION');
  });

  it('defaults reason_code to the action and carries metadata', () => {
    const out = decide([{ when: { all: [] }, then: { action: 'ESCALATE', severity: 'high' }, metadata: { owner: 'ts' } }]);
    expect(out).toEqual({ action: 'ESCALATE', reason_code: 'ESCALATE', severity: 'high', match: { policy: 0, rule: 0, priority: 0, metadata: { owner: 'ts' } } });
  });

  it('caps the text a regex looks at', () => {
    const long = `${'a'.repeat(REGEX_INPUT_LIMIT)}SECRET`;
    expect(decide([rule(cond('response.text', 'regex', 'SECRET'))], context({ response: { text: long } })).action).toBe('ALLOW_ANSWER');
    expect(decide([rule(cond('response.text', 'contains', 'SECRET'))], context({ response: { text: long } })).action).toBe('BLOCK');
  });

  it('lists the trace paths a policy reads', () => {
    expect(policy([rule({ any: [cond('trace.environment', 'eq', 'x'), cond('signals.pii', 'eq', true), cond('trace.tags', 'contains', 'a')] })]).tracePaths)
      .toEqual(['trace.environment', 'trace.tags']);
  });

  it('reads dotted paths through objects and arrays only', () => {
    expect(readPath({ a: [{ b: 1 }] }, ['a', '0', 'b'])).toBe(1);
    expect(readPath({ a: [{ b: 1 }] }, ['a', 'x'])).toBeUndefined();
    expect(readPath({ a: 'text' }, ['a', 'length'])).toBeUndefined();
    expect(readPath({}, ['constructor'])).toBeUndefined();
  });
});

describe('policy validation', () => {
  it('accepts the seed policy', () => {
    const body = policyBodySchema.parse({
      name: 'default-safety',
      description: 'Safety baseline',
      effective_from: '2026-01-01T00:00:00Z',
      active: true,
      definition: {
        rules: [{
          priority: 10,
          when: { any: [{ field: 'signals.pii', op: 'eq', value: true }] },
          then: { action: 'ESCALATE', reason_code: 'PII_DETECTED', severity: 'high' },
          metadata: { owner: 'trust-safety' },
        }],
      },
    });
    expect(body.effective_from).toBe(Date.parse('2026-01-01T00:00:00Z') * 1000);
  });

  it('names the path of an unknown op, a bad action and a missing then', () => {
    expect(errors({ rules: [rule({ any: [cond('signals.pii', 'equals', true)] })] })[0].path).toBe('rules[0].when.any[0].op');
    expect(errors({ rules: [rule({ all: [] }, 'DENY')] })[0].path).toBe('rules[0].then.action');
    expect(errors({ rules: [{ priority: 1, when: { all: [] } }] })[0].path).toBe('rules[0].then');
  });

  it('refuses regexes that do not compile, bad fields, mixed groups and missing values', () => {
    const [bad] = errors({ rules: [rule({ not: cond('response.text', 'regex', '(unclosed') })] });
    expect(bad.path).toBe('rules[0].when.not.value');
    expect(bad.message).toMatch(/does not compile/);
    expect(errors({ rules: [rule(cond('payload.x', 'eq', 1))] })[0].path).toBe('rules[0].when.field');
    expect(errors({ rules: [rule({ any: [], all: [] })] })[0].message).toMatch(/only key/);
    expect(errors({ rules: [rule(cond('signals.pii', 'eq'))] })[0].path).toBe('rules[0].when.value');
    expect(errors({ rules: [rule(cond('signals.pii', 'in', 'x'))] })[0].message).toMatch(/array/);
    expect(errors({ rules: [rule(cond('signals.pii', 'gt', true))] })[0].message).toMatch(/number or string/);
    expect(errors({ rules: [rule('yes')] })[0].path).toBe('rules[0].when');
    expect(errors({ rules: [{ ...rule({ all: [] }), extra: 1 }] })[0].message).toMatch(/Unrecognized key/);
  });

  it('refuses nesting deeper than the limit', () => {
    let node: unknown = cond('signals.pii', 'eq', true);
    for (let i = 0; i < 100; i++) node = { not: node };
    expect(errors({ rules: [rule(node)] })[0].message).toMatch(/nested deeper/);
  });

  it('checks judge and webhook settings', () => {
    expect(errors({ rules: [], judge: { connection: 'Bad Name', model: 'm' } })[0].path).toBe('judge.connection');
    expect(errors({ rules: [], judge: { connection: 'local-vllm', model: 'm', extra: 1 } })[0].message).toMatch(/Unrecognized key/);
    expect(errors({ rules: [], webhooks: [''] })[0].path).toBe('webhooks[0]');
    expect(errors({ rules: [], judge: { connection: 'local-vllm', model: 'm' }, webhooks: ['ops-pager'] })).toEqual([]);
    // Versions stored before connections existed still parse; the server refuses these fields on publish.
    expect(errors({ rules: [], judge: { base_url: 'http://127.0.0.1:1/v1', model: 'm', api_key_env: 'OPENAI_API_KEY' } })).toEqual([]);
  });
});

/** Policy definitions print as YAML that reads back as the same definition. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { policyYaml } from './policy-yaml';

const policy = {
  name: 'pii-guard',
  description: 'Blocks answers with a card number: ' + 'x'.repeat(120),
  rules: [
    { id: 'card', when: { field: 'output', op: 'matches', value: '\\b\\d{4}[- ]?\\d{4}\\b' }, action: 'block', score: 0.5 },
    { id: 'yes', when: { field: 'tags', op: 'contains', value: 'yes' }, action: 'flag', enabled: true, note: null, flag: 'true' },
  ],
  labels: [],
  extra: {},
  numberLike: '0123',
  spaces: 'trailing ',
};

describe('policy YAML', () => {
  it('reads back as the same definition, with ambiguous strings quoted', () => {
    const text = policyYaml(policy);
    expect(parse(text)).toEqual(policy);
    expect(text).toContain('name: pii-guard\n');
    expect(text).toContain('labels: []\n');
    expect(text).toContain('extra: {}\n');
    expect(text).toMatch(/flag: "true"|flag: 'true'/);
    expect(text).toMatch(/numberLike: "0123"|numberLike: '0123'/);
    expect(text).toContain('  - id: card\n');
  });

  it('never folds a long line', () => {
    const line = policyYaml(policy).split('\n').find((l) => l.startsWith('description:'));
    expect(line).toContain('x'.repeat(120));
  });
});

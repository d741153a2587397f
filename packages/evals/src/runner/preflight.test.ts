import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DatasetItem, PromptSnapshot } from '../experiment-types.js';
import { loadLocalDataset } from '../sources/local-source.js';
import { makeWorkspace } from '../testing/test-runs.js';
import { checkExpectedIds, checkTemplateVariables, checkThresholdNames, preflight } from './preflight.js';

const prompt = (text: string, format: 'fstring' | 'mustache' = 'fstring'): PromptSnapshot => ({
  name: 'faq', version: '2', label: null, type: 'text', template_format: format, prompt: text, config: {}, content_hash: 'h', source: 'server',
});
const items = (inputs: unknown[]): DatasetItem[] => inputs.map((input, i) => ({ id: `case_${i}`, input, expected: null, metadata: {} }));

describe('preflight', () => {
  it('unknown --threshold names are one line naming the known ones', () => {
    expect(() => checkThresholdNames({ score: 0.8, keywords: 0.9 }, ['keywords'])).not.toThrow();
    expect(() => checkThresholdNames({ pass_rate: 0.5, forbiden: 1 }, ['keywords', 'forbidden'])).toThrow(
      '--threshold names "forbiden", which no evaluator of this run produces (known: score, pass_rate, keywords, forbidden); no model was called.',
    );
  });

  it('prompt variables the items do not provide are named with the items that lack them', () => {
    const data = items([{ question: 'a', customer: 'x' }, { question: 'b' }, { question: 'c' }]);
    expect(() => checkTemplateVariables(prompt('{question}'), data)).not.toThrow();
    expect(() => checkTemplateVariables(prompt('{question} for {customer}'), data)).toThrow(
      'The prompt faq:2 uses variable the dataset items do not provide: "customer" (2 of 3 items: case_1, case_2); no model was called.',
    );
    expect(() => checkTemplateVariables(prompt('{{question}} {{tier}}', 'mustache'), data)).toThrow(/"tier" \(3 of 3 items: case_0, case_1, case_2\)/);
    // A non-object input is the variable `input`.
    expect(() => checkTemplateVariables(prompt('Q: {input}'), items(['plain text']))).not.toThrow();
  });

  it('runs both checks on a prepared run', () => {
    const run = { spec: { thresholds: { tone: 0.5 } }, dataset: { items: items([{ q: 1 }]) }, prompt: prompt('{q}'), evaluators: [{ name: 'keywords' }] };
    expect(() => preflight(run)).toThrow(/--threshold names "tone"/);
    expect(() => preflight({ ...run, spec: { thresholds: {} }, prompt: prompt('{q} {r}') })).toThrow(/"r" \(1 of 1 items: case_0\)/);
  });

  it('expectations for ids the dataset does not have stop loading a local dataset', () => {
    expect(() => checkExpectedIds(['a', 'b'], new Set(['a', 'b', 'c']), 'expected.json')).not.toThrow();
    const dir = makeWorkspace({ count: 3 });
    const file = path.join(dir, 'datasets', 'qa', 'expected.json');
    const expected = JSON.parse(fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, JSON.stringify({ ...expected, case_9: { keywords: ['x'] }, typo_001: {} }));
    expect(() => loadLocalDataset(path.join(dir, 'datasets'), 'qa')).toThrow(`${file}: expectations for 2 ids the dataset does not have (case_9, typo_001); remove them or add the cases.`);
  });
});

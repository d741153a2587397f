/** The playground's variable names of an edited template and values from a dataset item or a trace. */
import { describe, expect, it } from 'vitest';
import type { PromptDraft } from './types';
import { templateVariables, valuesFrom } from './variables';

const draft = (text: string, format: PromptDraft['format'] = 'fstring'): PromptDraft => ({ type: 'text', text, messages: [], format, config: {} });

describe('playground variables', () => {
  it('finds the variables of fstring and mustache templates, each once, not escaped braces', () => {
    expect(templateVariables(draft('회사: {company}\n직무: {position} {company} {{"questions": []}}'))).toEqual(['company', 'position']);
    expect(templateVariables(draft('Hi {{name}} {{#items}}{{title}}{{/items}} {{ user.id }}', 'mustache'))).toEqual(['name', 'items', 'title', 'user']);
    expect(templateVariables({ ...draft(''), type: 'chat', messages: [{ role: 'system', content: 'Be {tone}.' }, { role: 'user', content: '{question}' }] })).toEqual(['tone', 'question']);
  });

  it('fills matching fields of an object input (also JSON text), else the whole input into the first variable', () => {
    expect(valuesFrom({ company: '토스', position: 'Backend', extra: 1 }, ['company', 'position'])).toEqual({ company: '토스', position: 'Backend' });
    expect(valuesFrom('{"company": "Kakao", "n": 3}', ['company', 'n'])).toEqual({ company: 'Kakao', n: '3' });
    expect(valuesFrom('무엇을 도와드릴까요?', ['question', 'tone'])).toEqual({ question: '무엇을 도와드릴까요?' });
    expect(valuesFrom({ other: 1 }, ['question'])).toEqual({ question: '{"other":1}' });
    expect(valuesFrom(null, ['question'])).toEqual({});
    expect(valuesFrom('x', [])).toEqual({});
  });
});

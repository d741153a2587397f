import { describe, expect, it } from 'vitest';
import { mustacheVariables, renderMustache } from './mustache-template.js';
import { listVariables, renderTemplate } from './template.js';
import { promptVariables, renderPrompt } from './prompt-render.js';

describe('mustache templates', () => {
  it('renders {{var}} as a variable with HTML escaping off', () => {
    expect(renderMustache('Q: {{question}} <{{tag}}>', { question: 'a < b & "c"', tag: 'x' })).toEqual({ ok: true, value: 'Q: a < b & "c" <x>' });
  });

  it('names missing top-level variables but lets sections be optional', () => {
    const result = renderMustache('{{a}} {{#ctx}}{{inner}}{{/ctx}} {{b.c}}', { b: {} });
    expect(!result.ok && result.problem.variables).toEqual(['a', 'b.c']);
    expect(renderMustache('{{#ctx}}[{{inner}}]{{/ctx}}{{^ctx}}none{{/ctx}}', {})).toEqual({ ok: true, value: 'none' });
    expect(renderMustache('{{#items}}{{.}},{{/items}}', { items: [1, 2] })).toEqual({ ok: true, value: '1,2,' });
  });

  it('reports an unclosed tag as an invalid template', () => {
    const result = renderMustache('{{#a}} no end', { a: true });
    expect(!result.ok && result.problem.kind).toBe('invalid_template');
  });

  it('lists top-level names', () => {
    expect(mustacheVariables('{{a}} {{#s}}{{x}}{{/s}} {{{raw}}} {{b.c}} {{a}}')).toEqual(['a', 's', 'raw', 'b']);
  });
});

describe('templates by format', () => {
  it('the same braces mean different things in each format', () => {
    expect(renderTemplate('{{x}}', 'fstring', { x: 1 })).toEqual({ ok: true, value: '{x}' });
    expect(renderTemplate('{{x}}', 'mustache', { x: 1 })).toEqual({ ok: true, value: '1' });
    expect(listVariables('{x} {{y}}', 'fstring')).toEqual(['x']);
    expect(listVariables('{x} {{y}}', 'mustache')).toEqual(['y']);
  });

  it('renders chat prompts message by message and names all missing variables at once', () => {
    const chat = [
      { role: 'system', content: 'You help with {topic}.' },
      { role: 'user', content: '{question} ({level})' },
    ];
    expect(promptVariables(chat, 'fstring')).toEqual(['topic', 'question', 'level']);
    expect(renderPrompt(chat, 'fstring', { topic: 'SQL', question: 'joins?', level: 1 })).toEqual({
      ok: true,
      value: [{ role: 'system', content: 'You help with SQL.' }, { role: 'user', content: 'joins? (1)' }],
    });
    const missing = renderPrompt(chat, 'fstring', { question: 'q' });
    expect(!missing.ok && missing.problem.variables).toEqual(['topic', 'level']);
  });
});

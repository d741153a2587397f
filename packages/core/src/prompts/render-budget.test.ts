import { describe, expect, it } from 'vitest';
import { renderMustache } from './mustache-template.js';
import { renderFString } from './fstring-template.js';
import { renderPrompt } from './prompt-render.js';
import { RenderBudget } from './render-budget.js';

describe('bounded rendering', () => {
  it('stops nested sections over arrays at the step limit, quickly and without the memory', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const template = '{{#a}}{{#a}}{{#a}}{{.}}{{/a}}{{/a}}{{/a}}'; // 10^9 repetitions unbounded
    const started = performance.now();
    const result = renderMustache(template, { a: items });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result).toMatchObject({ ok: false, problem: { kind: 'too_large', message: expect.stringMatching(/template steps/) } });
  });

  it('stops a render whose output passes the character limit', () => {
    const big = 'x'.repeat(100_000);
    const result = renderMustache('{{#a}}{{big}}{{/a}}', { a: Array.from({ length: 100 }, () => 1), big });
    expect(result).toMatchObject({ ok: false, problem: { kind: 'too_large', message: expect.stringMatching(/longer than 5,000,000 characters/) } });
    const fstring = renderFString('{x}'.repeat(1000), { x: 'y'.repeat(10_000) });
    expect(fstring).toMatchObject({ ok: false, problem: { kind: 'too_large' } });
  });

  it('shares one budget across the messages of a chat prompt', () => {
    const chat = Array.from({ length: 3 }, () => ({ role: 'user', content: '{x}' }));
    const limits = { maxOutputChars: 25, maxSteps: 1000, maxSectionDepth: 8 };
    expect(renderPrompt(chat, 'fstring', { x: 'a'.repeat(10) }, new RenderBudget(limits))).toMatchObject({ ok: false, problem: { kind: 'too_large' } });
    expect(renderPrompt(chat, 'fstring', { x: 'a'.repeat(8) }, new RenderBudget(limits)).ok).toBe(true);
  });

  it('refuses sections nested deeper than the limit', () => {
    const template = `${'{{#a}}'.repeat(100)}x${'{{/a}}'.repeat(100)}`;
    expect(renderMustache(template, { a: true })).toMatchObject({ ok: false, problem: { kind: 'invalid_template', message: expect.stringMatching(/nested deeper than 64/) } });
  });

  it('renders ordinary templates as before', () => {
    expect(renderMustache('{{#items}}- {{name}}\n{{/items}}', { items: [{ name: 'a' }, { name: 'b' }] })).toEqual({ ok: true, value: '- a\n- b\n' });
  });
});

import { describe, expect, it } from 'vitest';
import { fstringVariables, parseFString, renderFString } from './fstring-template.js';

const render = (template: string, variables: Record<string, unknown> = {}) => renderFString(template, variables);

describe('f-string templates (Python str.format)', () => {
  it('renders named variables', () => {
    expect(render('{company} {position} 면접', { company: '네이버', position: '백엔드' })).toEqual({ ok: true, value: '네이버 백엔드 면접' });
  });

  it('treats {{ and }} as literal braces, exactly as Python does', () => {
    // '{{x}}'.format(x='X') == '{x}' and '{{ {x} }}'.format(x='X') == '{ X }'
    expect(render('{{x}}', { x: 'X' })).toEqual({ ok: true, value: '{x}' });
    expect(render('{{ {x} }}', { x: 'X' })).toEqual({ ok: true, value: '{ X }' });
    expect(render('JSON: {{"score": {score}}}', { score: 3 })).toEqual({ ok: true, value: 'JSON: {"score": 3}' });
    expect(render('{{{x}}}', { x: 'X' })).toEqual({ ok: true, value: '{X}' });
  });

  it('names every missing variable', () => {
    const result = render('{a} {b} {a} {c}', { b: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem).toMatchObject({ kind: 'missing_variables', variables: ['a', 'c'] });
    expect(result.problem.message).toContain('"a"');
    expect(result.problem.message).toContain('"c"');
  });

  it('reaches into values with .attr and [key], and formats scalars as Python str()', () => {
    expect(render('{user.name} {items[1]} {flag} {none} {obj}', { user: { name: 'kim' }, items: ['x', 'y'], flag: true, none: null, obj: { a: 1 } }))
      .toEqual({ ok: true, value: 'kim y True None {"a":1}' });
    const missing = render('{user.age}', { user: { name: 'kim' } });
    expect(!missing.ok && missing.problem.variables).toEqual(['user.age']);
  });

  it('reports syntax errors as Python does, with the position', () => {
    const problem = (t: string) => {
      const r = parseFString(t);
      return r.ok ? null : r.problem;
    };
    expect(problem('}')?.message).toContain("Single '}'");
    expect(problem('ok {')?.message).toContain("Single '{'");
    expect(problem('a {b')?.message).toContain("Expected '}'");
    expect(problem('{a{b}')?.message).toContain("Unexpected '{'");
    expect(problem('{x}}')?.message).toContain("Single '}'");
    expect(problem('line one\n  {"k": 1}')).toMatchObject({ kind: 'invalid_template', position: 11 });
    expect(problem('line one\n  {"k": 1}')?.message).toContain('line 2, column 3');
    expect(problem('{}')?.message).toContain('Positional');
    expect(problem('{0}')?.message).toContain('Positional');
    expect(problem('{x!r}')?.message).toContain('not supported');
    expect(problem('{x:>3}')?.message).toContain('Format spec');
    expect(problem('{a.}')?.message).toContain('Empty attribute');
  });

  it('lists variables in first-use order', () => {
    expect(fstringVariables('{b} {{a}} {a.x} {b} {c[0]}')).toEqual(['b', 'a', 'c']);
    expect(fstringVariables('{')).toEqual([]);
  });
});

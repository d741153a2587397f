/** Langfuse answers → Trace Hub bodies for `tracehub import langfuse`: the cases the import test does not reach. */
import { describe, expect, it } from 'vitest';
import { datasetBody, evalOf, promptContent, promptKey, settableLabels, traceBody } from './import-langfuse-mapping.js';

describe('Langfuse import mapping', () => {
  it('refuses chat placeholders, keeps tags in the config, never sets latest', () => {
    const chat = { name: 'c', version: 1, type: 'chat' as const, prompt: [{ type: 'placeholder', name: 'history' }], labels: ['latest'] };
    expect(() => promptContent(chat)).toThrow(/message 1 is a placeholder message/);
    const text = promptContent({ name: 't', version: 2, prompt: 'Hi {{name}}', config: { model: 'm' }, tags: ['a'], labels: ['production', 'latest'] });
    expect(text).toEqual({ name: 't', type: 'text', prompt: 'Hi {{name}}', config: { model: 'm', langfuse_tags: ['a'] }, template_format: 'mustache', commit_message: null });
    expect(settableLabels({ name: 't', version: 2, prompt: '', labels: ['production', 'latest'] })).toEqual(['production']);
    // Key order does not matter when comparing with a stored version.
    expect(promptKey({ ...text, config: { langfuse_tags: ['a'], model: 'm' } })).toBe(promptKey(text));
  });

  it('maps BOOLEAN and TEXT scores, and sources', () => {
    expect(evalOf({ id: 's1', name: 'ok', value: 1, dataType: 'BOOLEAN', source: 'EVAL' }, 't1')).toMatchObject({
      trace_id: 't1', eval_name: 'ok', score: 1, passed: true, source: 'judge', idempotency_key: 'langfuse:score:s1', metadata: { 'langfuse.data_type': 'BOOLEAN' },
    });
    const note = evalOf({ id: 's2', name: 'note', stringValue: 'x'.repeat(300), dataType: 'TEXT' }, 't1');
    expect(note.label).toHaveLength(256);
    expect(note).not.toHaveProperty('score');
  });

  it('keeps non-object metadata, a legacy usage object, and an open span closed at its start', () => {
    expect(datasetBody({ name: 'd', metadata: ['x'] })).toEqual({ name: 'd', description: null, metadata: { 'langfuse.metadata': ['x'] } });
    const body = traceBody({
      id: 't', timestamp: '2026-01-01T00:00:00.000Z',
      observations: [{ id: 'g', type: 'GENERATION', startTime: '2026-01-01T00:00:01.000Z', usage: { input: 5, output: 7, total: 12 } }],
    });
    expect(body.spans[0]).toMatchObject({ span_type: 'llm', name: 'generation', input_tokens: 5, output_tokens: 7, total_tokens: 12, end_time: '2026-01-01T00:00:01.000Z' });
    expect(body.trace.end_time).toBe('2026-01-01T00:00:01.000Z');
    expect(body.idempotency_key).toBe('langfuse-import:trace:t');
  });
});

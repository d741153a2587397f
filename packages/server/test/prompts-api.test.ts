/** The prompt registry API on both backends: versions, identical pushes, labels, rendering, diffs, bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPromptResultSchema, promptSummarySchema, promptVersionViewSchema } from '@tracehub/core';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import type { RunningServer } from '../src/server.js';
import { call, startTestServer } from './helpers.js';

const TEXT = '회사: {company}\n직무: {position}\n출력 형식: {{"questions": []}}\n';

describe.each(BACKENDS)('prompts API on %s', (backend) => {
  let server: RunningServer;
  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, key?: string) => call(server.app, method, `/api/v1${url}`, body, key);

  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates version 1, answers an identical push without a new version, and version 2 on change', async () => {
    const body = { name: 'prep_generate', prompt: TEXT, config: { model: 'gpt-4.1-mini', temperature: 0.3 }, labels: ['staging'], commit_message: '처음' };
    const first = await api('POST', '/prompts', body);
    expect(first.status).toBe(201);
    const created = createPromptResultSchema.parse(first.body);
    expect(created).toMatchObject({ created: true, prompt: { version: 1, type: 'text', template_format: 'fstring', labels: ['latest', 'staging'] } });
    expect(created.prompt.prompt).toBe(TEXT);
    expect(created.prompt.variables).toEqual(['company', 'position']);

    const again = await api('POST', '/prompts', { ...body, commit_message: 'different message, same content', labels: [] });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, prompt: { version: 1 } });
    expect(again.body.message).toContain('no new version');

    const changed = await api('POST', '/prompts', { ...body, config: { model: 'gpt-4.1-mini', temperature: 0.5 }, labels: ['production'] });
    expect(changed.status).toBe(201);
    expect(changed.body.prompt).toMatchObject({ version: 2, labels: ['latest', 'production'] });
    const v1 = await api('GET', '/prompts/prep_generate?version=1');
    expect(v1.body.labels).toEqual(['staging']);
  });

  it('gets by label (default production) or version, and says what is missing', async () => {
    const byDefault = await api('GET', '/prompts/prep_generate');
    expect(promptVersionViewSchema.parse(byDefault.body).version).toBe(2);
    expect((await api('GET', '/prompts/prep_generate?label=staging')).body.version).toBe(1);
    expect((await api('GET', '/prompts/prep_generate?label=latest')).body.version).toBe(2);
    const noLabel = await api('GET', '/prompts/prep_generate?label=canary');
    expect(noLabel.status).toBe(404);
    expect(noLabel.body.message).toContain('"canary"');
    expect((await api('GET', '/prompts/prep_generate?version=9')).status).toBe(404);
    expect((await api('GET', '/prompts/unknown')).status).toBe(404);
    expect((await api('GET', '/prompts/prep_generate?label=staging&version=1')).status).toBe(400);
  });

  it('promotes: a label moves to exactly one version; latest cannot be moved or removed', async () => {
    const promoted = await api('POST', '/prompts/prep_generate/versions/1/labels', { labels: ['production'] });
    expect(promoted.status).toBe(200);
    expect(promoted.body.labels).toEqual(['production', 'staging']);
    expect((await api('GET', '/prompts/prep_generate')).body.version).toBe(1);
    expect((await api('GET', '/prompts/prep_generate?version=2')).body.labels).toEqual(['latest']);
    expect((await api('POST', '/prompts/prep_generate/versions/2/labels', { label: 'latest' })).status).toBe(400);
    expect((await api('POST', '/prompts/prep_generate/versions/7/labels', { label: 'production' })).status).toBe(404);
    expect((await api('POST', '/prompts/prep_generate/versions/1/labels', { labels: [] })).status).toBe(400);
    expect((await api('DELETE', '/prompts/prep_generate/labels/latest')).status).toBe(400);
    expect((await api('DELETE', '/prompts/prep_generate/labels/staging')).body).toMatchObject({ removed: true });
    expect((await api('DELETE', '/prompts/prep_generate/labels/staging')).status).toBe(404);
    const list = await api('GET', '/prompts');
    expect(list.body.items).toHaveLength(1);
    expect(promptSummarySchema.parse(list.body.items[0])).toMatchObject({ name: 'prep_generate', latest_version: 2, version_count: 2, labels: { latest: 2, production: 1 } });
    const versions = await api('GET', '/prompts/prep_generate/versions');
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });

  it('names and labels in Korean (any script) work in the URL and the body; spaces, "/" and upper-case labels do not', async () => {
    const created = await api('POST', '/prompts', { name: '면접-질문', prompt: '회사: {company}', labels: ['카나리'] });
    expect(created.status).toBe(201);
    expect(created.body.prompt).toMatchObject({ name: '면접-질문', labels: ['latest', '카나리'] });
    expect((await api('GET', `/prompts/${encodeURIComponent('면접-질문')}?label=${encodeURIComponent('카나리')}`)).body).toMatchObject({ version: 1 });
    const dataset = await api('POST', `/datasets/${encodeURIComponent('보안_평가')}/items`, { items: [{ id: 'q1', input: { q: '질문' } }] });
    expect(dataset.status).toBe(201);
    expect((await api('POST', '/prompts', { name: '면접 질문', prompt: 'x' })).status).toBe(400);
    expect((await api('POST', '/prompts', { name: 'a/b', prompt: 'x' })).status).toBe(400);
    expect((await api('POST', '/prompts', { name: 'upper', prompt: 'x', labels: ['Production'] })).status).toBe(400);
  });

  it('renders with named variables; a missing variable is a 400 that names it', async () => {
    const ok = await api('POST', '/prompts/prep_generate/render', { variables: { company: '네이버', position: '백엔드' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ version: 1, prompt: '회사: 네이버\n직무: 백엔드\n출력 형식: {"questions": []}\n' });
    const missing = await api('POST', '/prompts/prep_generate/render', { variables: { company: '네이버' }, version: 2 });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('missing_variables');
    expect(missing.body.message).toContain('"position"');
  });

  it('stores mustache and chat prompts; {{var}} is a variable in mustache', async () => {
    const chat = await api('POST', '/prompts', {
      name: 'chat_helper', type: 'chat', template_format: 'mustache',
      prompt: [{ role: 'system', content: 'You answer about {{topic}}.' }, { role: 'user', content: '{{question}}' }],
    });
    expect(chat.status).toBe(201);
    expect(chat.body.prompt.variables).toEqual(['topic', 'question']);
    const rendered = await api('POST', '/prompts/chat_helper/render', { label: 'latest', variables: { topic: 'SQL', question: 'a < b?' } });
    expect(rendered.body.prompt).toEqual([{ role: 'system', content: 'You answer about SQL.' }, { role: 'user', content: 'a < b?' }]);
  });

  it('diffs two versions or labels', async () => {
    await api('POST', '/prompts', { name: 'diffed', prompt: 'line one\nline two {x}\n' });
    await api('POST', '/prompts', { name: 'diffed', prompt: 'line one\nline 2 {x}\n', config: { temperature: 1 } });
    const diff = await api('GET', '/prompts/diffed/diff?from=1&to=latest');
    expect(diff.status).toBe(200);
    expect(diff.body.prompt_diff).toBe('--- diffed@1/prompt\n+++ diffed@2/prompt\n@@ -1,2 +1,2 @@\n line one\n-line two {x}\n+line 2 {x}\n');
    expect(diff.body.config_diff).toContain('+  "temperature": 1');
    expect((await api('GET', '/prompts/diffed/diff?from=1')).status).toBe(400);
  });

  it('refuses bad input with a 4xx that names the field', async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: 'bad name!', prompt: 'x' }, 'name'],
      [{ name: 'x', prompt: 'unbalanced } brace' }, 'prompt'],
      [{ name: 'x', prompt: '{}' }, 'prompt'],
      [{ name: 'x', prompt: [{ role: 'user', content: 'hi' }] }, 'prompt'],
      [{ name: 'x', type: 'chat', prompt: 'text' }, 'prompt'],
      [{ name: 'x', prompt: 'hi', template_format: 'jinja' }, 'template_format'],
      [{ name: 'x', prompt: 'hi', labels: ['latest'] }, 'labels'],
      [{ name: 'x', prompt: 'hi', labels: ['Has Space'] }, 'labels[0]'],
      [{ name: 'x', prompt: 'nul \u0000' }, 'prompt'],
      [{ name: 'x', type: 'chat', template_format: 'mustache', prompt: [{ role: 'user', content: '{{#open}}' }] }, 'prompt'],
    ];
    for (const [body, field] of cases) {
      const res = await api('POST', '/prompts', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.issues?.[0]?.path ?? '', JSON.stringify(res.body)).toContain(field);
    }
    const invalid = await api('POST', '/prompts', { name: 'x', prompt: 'a\n  {"k": 1}' });
    expect(invalid.body.message).toContain('line 2');
    expect((await api('POST', '/prompts', undefined)).status).toBe(400);
    expect((await api('GET', '/prompts/x?version=abc')).status).toBe(400);
    expect((await api('POST', '/prompts/prep_generate/versions/abc/labels', { label: 'x' })).status).toBe(400);
    expect((await api('POST', '/prompts/prep_generate/versions/99999999999/labels', { label: 'x' })).status).toBe(400);
    expect((await api('GET', '/prompts/prep_generate?version=99999999999')).status).toBe(400);
    const deep = `{"name": "deep", "prompt": "x", "config": ${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}}`;
    const tooDeep = await server.app.inject({ method: 'POST', url: '/api/v1/prompts', headers: { 'x-api-key': 'dev-key', 'content-type': 'application/json' }, payload: deep });
    expect(tooDeep.statusCode).toBe(400);
  });

  it('needs read for reads and ingest for writes', async () => {
    const key = await api('POST', '/admin/keys', { name: 'reader', scopes: ['read'] });
    const reader = key.body.key as string;
    expect((await api('GET', '/prompts', undefined, reader)).status).toBe(200);
    expect((await api('POST', '/prompts/prep_generate/render', { variables: { company: 'a', position: 'b' } }, reader)).status).toBe(200);
    expect((await api('POST', '/prompts', { name: 'y', prompt: 'x' }, reader)).status).toBe(403);
    expect((await api('POST', '/prompts/prep_generate/versions/1/labels', { label: 'x' }, reader)).status).toBe(403);
  });
});

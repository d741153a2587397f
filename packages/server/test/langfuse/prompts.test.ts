// Langfuse prompts over Trace Hub's prompt registry: the real `langfuse` 3.x SDK and
// `@langfuse/client` 5.x create, get (by label and version), compile and move labels, and every
// result reads back through Trace Hub's own /api/v1/prompts; raw HTTP for Langfuse's 404s, bad
// bodies, the list with its filters, and DELETE's 501.
import { LangfuseClient } from '@langfuse/client';
import { Langfuse } from 'langfuse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { call, startTestServer } from '../helpers.js';

const AUTH = `Basic ${Buffer.from('pk-lf-test:dev-key').toString('base64')}`;

describe('Langfuse prompts', () => {
  let server: RunningServer;
  let baseUrl: string;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
  });

  const lf = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => {
    const response = await server.app.inject({
      method,
      url,
      headers: { authorization: AUTH, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      payload: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.statusCode, body: response.json() };
  };
  const versions = async (name: string) => (await call(server.app, 'GET', `/api/v1/prompts/${name}/versions`)).body.items as Array<Record<string, unknown>>;

  it('langfuse 3.x: createPrompt text and chat, getPrompt by production, label and version, compile, updatePrompt', async () => {
    const langfuse = new Langfuse({ publicKey: 'pk-lf-test', secretKey: 'dev-key', baseUrl });
    const v1 = await langfuse.createPrompt({
      name: 'movie-critic',
      prompt: 'As a {{criticLevel}} movie critic, do you like {{movie}}?',
      config: { model: 'gpt-4o', temperature: 0.2 },
      labels: ['production'],
      tags: ['movies'],
    });
    expect(v1).toMatchObject({ name: 'movie-critic', version: 1, labels: ['latest', 'production'], tags: ['movies'], config: { model: 'gpt-4o', temperature: 0.2 } });
    const v2 = await langfuse.createPrompt({
      name: 'movie-critic',
      prompt: 'As a {{criticLevel}} critic, rate {{movie}} from 1 to 10.',
      config: { model: 'gpt-4o-mini' },
      labels: ['staging'],
      commitMessage: 'ask for a rating',
    });
    expect(v2).toMatchObject({ version: 2, labels: ['latest', 'staging'], tags: ['movies'] });

    const production = await langfuse.getPrompt('movie-critic', undefined, { cacheTtlSeconds: 0 });
    expect(production.version).toBe(1);
    expect(production.compile({ criticLevel: 'expert', movie: 'Dune 2' })).toBe('As a expert movie critic, do you like Dune 2?');
    const staging = await langfuse.getPrompt('movie-critic', undefined, { label: 'staging', cacheTtlSeconds: 0 });
    expect(staging.version).toBe(2);
    expect(staging.commitMessage).toBe('ask for a rating');
    expect(staging.config).toEqual({ model: 'gpt-4o-mini' });
    expect(staging.tags).toEqual(['movies']);
    const first = await langfuse.getPrompt('movie-critic', 1, { cacheTtlSeconds: 0 });
    expect(first.prompt).toBe('As a {{criticLevel}} movie critic, do you like {{movie}}?');

    await langfuse.createPrompt({
      name: 'support-chat',
      type: 'chat',
      prompt: [
        { role: 'system', content: 'You help with {{product}}.' },
        { role: 'user', content: '{{question}}' },
      ],
      labels: ['production'],
    });
    const chat = await langfuse.getPrompt('support-chat', undefined, { type: 'chat', cacheTtlSeconds: 0 });
    expect(chat.compile({ product: 'Trace Hub', question: 'How do I add a key?' })).toEqual([
      { role: 'system', content: 'You help with Trace Hub.' },
      { role: 'user', content: 'How do I add a key?' },
    ]);

    await expect(langfuse.getPrompt('support-chat', undefined, { label: 'staging', cacheTtlSeconds: 0 })).rejects.toThrow(
      "Prompt not found: 'support-chat' with label 'staging'",
    );
    const moved = await langfuse.updatePrompt({ name: 'movie-critic', version: 2, newLabels: ['production'] });
    expect(moved).toMatchObject({ version: 2, labels: expect.arrayContaining(['latest', 'staging', 'production']) });
    expect((await langfuse.getPrompt('movie-critic', undefined, { cacheTtlSeconds: 0 })).version).toBe(2);
    await langfuse.shutdownAsync();

    // The same prompts through Trace Hub's own API.
    const stored = await versions('movie-critic');
    expect(stored.map((v) => [v.version, v.labels, v.template_format])).toEqual([
      [1, [], 'mustache'],
      [2, ['latest', 'production', 'staging'], 'mustache'],
    ]);
    expect(stored[1]).toMatchObject({ commit_message: 'ask for a rating', config: { model: 'gpt-4o-mini', langfuse_tags: ['movies'] }, variables: ['criticLevel', 'movie'] });
    const ownChat = await call(server.app, 'GET', '/api/v1/prompts/support-chat');
    expect(ownChat.body).toMatchObject({ type: 'chat', version: 1, prompt: [{ role: 'system', content: 'You help with {{product}}.' }, { role: 'user', content: '{{question}}' }] });
    const rendered = await call(server.app, 'POST', '/api/v1/prompts/movie-critic/render', { variables: { criticLevel: 'casual', movie: 'Up' } });
    expect(rendered.body.prompt).toBe('As a casual critic, rate Up from 1 to 10.');
  });

  it('@langfuse/client 5.x: prompt.create, get, update; a label sits on one version at a time', async () => {
    const langfuse = new LangfuseClient({ publicKey: 'pk-lf-test', secretKey: 'dev-key', baseUrl });
    await langfuse.prompt.create({ name: 'greeter', prompt: 'Hello {{name}}!', labels: ['staging'], config: { temperature: 0 } });
    await expect(langfuse.prompt.get('greeter', { cacheTtlSeconds: 0 })).rejects.toMatchObject({
      statusCode: 404,
      body: { error: 'LangfuseNotFoundError', message: "Prompt not found: 'greeter' with label 'production'" },
    });
    await langfuse.prompt.update({ name: 'greeter', version: 1, newLabels: ['production'] });
    const v1 = await langfuse.prompt.get('greeter', { cacheTtlSeconds: 0 });
    expect(v1.version).toBe(1);
    expect(v1.compile({ name: 'Ada' })).toBe('Hello Ada!');

    const chat = await langfuse.prompt.create({
      name: 'greeter-chat',
      type: 'chat',
      prompt: [{ role: 'system', content: 'Greet {{name}}' }],
      labels: ['production'],
    });
    expect(chat.version).toBe(1);
    expect((await langfuse.prompt.get('greeter-chat', { type: 'chat', cacheTtlSeconds: 0 })).compile({ name: 'Bo' })).toEqual([{ role: 'system', content: 'Greet Bo' }]);

    await langfuse.prompt.create({ name: 'greeter', prompt: 'Hi {{name}}.', labels: ['production'] });
    const v2 = await langfuse.prompt.get('greeter', { cacheTtlSeconds: 0 });
    expect(v2.version).toBe(2);
    expect((await langfuse.prompt.get('greeter', { version: 1, cacheTtlSeconds: 0 })).labels).toEqual(['staging']);
    expect((await langfuse.prompt.get('greeter', { label: 'staging', cacheTtlSeconds: 0 })).version).toBe(1);
    expect((await versions('greeter')).map((v) => [v.version, v.labels])).toEqual([
      [1, ['staging']],
      [2, ['latest', 'production']],
    ]);

    const listed = await langfuse.api.prompts.list({ name: 'greeter' });
    expect(listed.data).toEqual([expect.objectContaining({ name: 'greeter', versions: [1, 2], lastConfig: {} })]);
    await expect(langfuse.prompt.delete('greeter', { version: 1 })).rejects.toMatchObject({ statusCode: 501 });
    expect(await versions('greeter')).toHaveLength(2);
  });

  it('needs read to get and ingest to create or move labels', async () => {
    const created = await call(server.app, 'POST', '/api/v1/admin/keys', { name: 'reader', scopes: ['read'] });
    const reader = `Basic ${Buffer.from(`pk-lf-r:${created.body.key}`).toString('base64')}`;
    const as = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) =>
      server.app.inject({ method, url, headers: { authorization: reader }, ...(body ? { payload: body as Record<string, unknown> } : {}) });
    await lf('POST', '/api/public/v2/prompts', { name: 'scoped', prompt: 'x', labels: ['production'] });
    expect((await as('GET', '/api/public/v2/prompts/scoped')).statusCode).toBe(200);
    expect((await as('GET', '/api/public/v2/prompts')).statusCode).toBe(200);
    expect((await as('POST', '/api/public/v2/prompts', { name: 'scoped', prompt: 'y' })).statusCode).toBe(403);
    expect((await as('PATCH', '/api/public/v2/prompts/scoped/versions/1', { newLabels: ['staging'] })).statusCode).toBe(403);
  });

  it('answers 404 in Langfuse shape, naming the label or version', async () => {
    expect(await lf('GET', '/api/public/v2/prompts/nothing-here')).toEqual({
      status: 404,
      body: { error: 'LangfuseNotFoundError', message: "Prompt not found: 'nothing-here' with label 'production'" },
    });
    await lf('POST', '/api/public/v2/prompts', { name: 'only-latest', prompt: 'x' });
    expect((await lf('GET', '/api/public/v2/prompts/only-latest')).body.message).toBe("Prompt not found: 'only-latest' with label 'production'");
    expect((await lf('GET', '/api/public/v2/prompts/only-latest?label=latest')).body).toMatchObject({ version: 1, labels: ['latest'], isActive: false });
    expect((await lf('GET', '/api/public/v2/prompts/only-latest?version=7')).body.message).toBe("Prompt not found: 'only-latest' with version 7");
    expect((await lf('PATCH', '/api/public/v2/prompts/only-latest/versions/9', { newLabels: ['production'] })).status).toBe(404);
  });

  it('refuses bad bodies with 400 naming the problem', async () => {
    const bad = async (body: unknown) => {
      const response = await lf('POST', '/api/public/v2/prompts', body);
      expect(response.status).toBe(400);
      return response.body.message as string;
    };
    expect(await bad({ name: 'p' })).toMatch(/prompt/);
    expect(await bad({ name: 'p', prompt: [{ role: 'user', content: 'x' }] })).toMatch(/text prompt/);
    expect(await bad({ name: 'p', type: 'chat', prompt: 'x' })).toMatch(/chat prompt/);
    expect(await bad({ name: 'p', prompt: 'x', labels: ['Prod'] })).toMatch(/labels/);
    expect(await bad({ name: 'p', prompt: 'x', config: [1] })).toMatch(/config/);
    expect(await bad({ name: 'p', type: 'chat', prompt: [{ type: 'placeholder', name: 'history' }] })).toMatch(/placeholders/);
    expect(await bad({ name: 'folder/p', prompt: 'x' })).toMatch(/contains "\/"/);
    expect(await bad({ name: 'p', prompt: 'Hi {{#open}}' })).toMatch(/prompt/);
    const patch = await lf('PATCH', '/api/public/v2/prompts/p/versions/1', { newLabels: ['latest'] });
    expect(patch.status).toBe(400);
    expect(patch.body.message).toMatch(/latest/);
    expect((await lf('PATCH', '/api/public/v2/prompts/p/versions/1', {})).status).toBe(400);
    // A folder name, URL-encoded as the SDKs send it: 404 that says why.
    const folder = await lf('GET', '/api/public/v2/prompts/folder%2Fp');
    expect(folder.status).toBe(404);
    expect(folder.body.message).toMatch(/Prompt not found: 'folder\/p'.*contains "\/"/);
  });

  it('keeps latest on the newest version; an identical create adds no version but moves the labels asked for', async () => {
    const first = await lf('POST', '/api/public/v2/prompts', { name: 'same', prompt: 'Same {{x}}', labels: ['latest'], tags: ['a'] });
    expect(first).toMatchObject({ status: 201, body: { version: 1, labels: ['latest'], type: 'text', tags: ['a'] } });
    const again = await lf('POST', '/api/public/v2/prompts', { name: 'same', prompt: 'Same {{x}}', labels: ['production'], isActive: true });
    expect(again.body).toMatchObject({ version: 1, labels: ['latest', 'production'], isActive: true, tags: ['a'] });
    const changed = await lf('POST', '/api/public/v2/prompts', { name: 'same', prompt: 'Other {{x}}', tags: ['b', 'c'] });
    expect(changed.body).toMatchObject({ version: 2, labels: ['latest'], tags: ['b', 'c'] });
    // Tags are the prompt's: version 1 answers the newest version's tags.
    expect((await lf('GET', '/api/public/v2/prompts/same?version=1')).body).toMatchObject({ labels: ['production'], tags: ['b', 'c'] });
    const empty = await lf('PATCH', '/api/public/v2/prompts/same/versions/1', { newLabels: [] });
    expect(empty.body).toMatchObject({ version: 1, labels: ['production'] });
  });

  it('stores {{var}} templates as mustache and Python {var} templates (seed 001 prompt.txt) as fstring, text unchanged', async () => {
    const seed = await lf('POST', '/api/public/v2/prompts', { name: 'prep_generate', type: 'text', prompt: 'Summarise {document} in {language}.', labels: ['staging'] });
    expect(seed.body).toMatchObject({ version: 1, prompt: 'Summarise {document} in {language}.', labels: ['latest', 'staging'] });
    const own = await call(server.app, 'GET', '/api/v1/prompts/prep_generate?label=staging');
    expect(own.body).toMatchObject({ template_format: 'fstring', variables: ['document', 'language'] });
    for (const [name, prompt] of [
      ['json-example', 'Answer as {"answer": "..."}'],
      ['no-vars', 'Say hello.'],
      ['mixed', 'Use {{tone}} for {topic}'],
    ]) {
      expect((await lf('POST', '/api/public/v2/prompts', { name, prompt })).status).toBe(201);
      expect((await call(server.app, 'GET', `/api/v1/prompts/${name}?label=latest`)).body).toMatchObject({ prompt, template_format: 'mustache' });
    }
  });

  it('takes the Python SDK calls of seed 001: create_prompt, get_prompt(name, label="production"), update_prompt', async () => {
    // langfuse.create_prompt(name=..., type="text", prompt=content, labels=["staging"]) as the Python SDK (v3/v4) sends it.
    const created = await lf('POST', '/api/public/v2/prompts', {
      name: 'prep_answer',
      prompt: 'Answer {question} briefly.',
      labels: ['staging'],
      tags: null,
      config: {},
      commitMessage: null,
      type: 'text',
    });
    expect(created).toMatchObject({ status: 201, body: { name: 'prep_answer', version: 1, labels: ['latest', 'staging'], tags: [], commitMessage: null } });
    // get_prompt(name, label="production") before any promotion: Langfuse's 404.
    expect((await lf('GET', '/api/public/v2/prompts/prep_answer?label=production')).status).toBe(404);
    // update_prompt(name=..., version=1, new_labels=["production"])
    expect((await lf('PATCH', '/api/public/v2/prompts/prep_answer/versions/1', { newLabels: ['production'] })).body.labels).toEqual(['latest', 'production', 'staging']);
    expect((await lf('GET', '/api/public/v2/prompts/prep_answer?label=production')).body).toMatchObject({ version: 1, prompt: 'Answer {question} briefly.', type: 'text' });
    // A chat prompt with Python's typed messages.
    const chat = await lf('POST', '/api/public/v2/prompts', {
      name: 'prep_chat',
      prompt: [{ role: 'system', content: 'Be brief.', type: 'chatmessage' }],
      labels: ['production'],
      tags: ['seed-001'],
      config: null,
      commitMessage: 'first',
      type: 'chat',
    });
    expect(chat.body).toMatchObject({ type: 'chat', prompt: [{ type: 'chatmessage', role: 'system', content: 'Be brief.' }], tags: ['seed-001'], config: {} });
    expect((await call(server.app, 'GET', '/api/v1/prompts/prep_chat')).body).toMatchObject({ prompt: [{ role: 'system', content: 'Be brief.' }], commit_message: 'first' });
  });

  it('reads a prompt made through Trace Hub own API', async () => {
    await call(server.app, 'POST', '/api/v1/prompts', { name: 'native', prompt: 'Answer {question}', labels: ['production'], config: { model: 'm' } });
    expect((await lf('GET', '/api/public/v2/prompts/native')).body).toEqual({
      name: 'native',
      version: 1,
      type: 'text',
      prompt: 'Answer {question}',
      config: { model: 'm' },
      labels: ['latest', 'production'],
      tags: [],
      commitMessage: null,
      resolutionGraph: null,
      isActive: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('lists prompts with meta and the name, label, tag, version, page and limit filters', async () => {
    for (const [name, prompt, labels, tags] of [
      ['list-a', 'A1', ['production'], ['team-x']],
      ['list-a', 'A2', ['staging'], undefined],
      ['list-b', 'B1', [], ['team-y']],
    ] as const) {
      expect((await lf('POST', '/api/public/v2/prompts', { name, prompt, labels, tags, config: { n: prompt } })).status).toBe(201);
    }
    const all = await lf('GET', '/api/public/v2/prompts?limit=100');
    const a = all.body.data.find((p: { name: string }) => p.name === 'list-a');
    expect(a).toEqual({
      name: 'list-a',
      type: 'text',
      versions: [1, 2],
      labels: expect.arrayContaining(['latest', 'production', 'staging']),
      tags: ['team-x'],
      lastUpdatedAt: expect.any(String),
      lastConfig: { n: 'A2' },
    });
    expect(all.body.meta).toEqual({ page: 1, limit: 100, totalItems: all.body.data.length, totalPages: 1 });

    const byLabel = await lf('GET', '/api/public/v2/prompts?label=production&name=list-a');
    expect(byLabel.body.data).toEqual([expect.objectContaining({ name: 'list-a', versions: [1], labels: ['production'], lastConfig: { n: 'A1' } })]);
    const byTag = await lf('GET', '/api/public/v2/prompts?tag=team-y');
    expect(byTag.body.data.map((p: { name: string }) => p.name)).toEqual(['list-b']);
    const byVersion = await lf('GET', '/api/public/v2/prompts?version=2&name=list-a');
    expect(byVersion.body.data).toEqual([expect.objectContaining({ versions: [2], lastConfig: { n: 'A2' } })]);
    const future = await lf('GET', '/api/public/v2/prompts?fromUpdatedAt=2999-01-01T00:00:00Z');
    expect(future.body).toEqual({ data: [], meta: { page: 1, limit: 10, totalItems: 0, totalPages: 0 } });

    const page2 = await lf('GET', '/api/public/v2/prompts?limit=1&page=2');
    expect(page2.body.data).toHaveLength(1);
    expect(page2.body.meta).toMatchObject({ page: 2, limit: 1, totalItems: all.body.meta.totalItems });
    expect(page2.body.data[0].name).toBe(all.body.data[1].name);
    expect((await lf('GET', '/api/public/v2/prompts?limit=500')).status).toBe(400);
  });

  it('answers DELETE with 501 and the reason (versions are immutable)', async () => {
    const response = await lf('DELETE', '/api/public/v2/prompts/same?version=1');
    expect(response.status).toBe(501);
    expect(response.body).toMatchObject({ error: 'not_implemented', message: expect.stringMatching(/immutable/) });
    expect((await call(server.app, 'GET', '/api/v1/prompts/same/versions')).body.items).toHaveLength(2);
  });
});

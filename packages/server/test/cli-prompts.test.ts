/** `tracehub prompt …` as a child process against the built server, on both backends. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../src/storage/testing/test-stores.js';
import { stopServerProcess, type ServerProcess } from './process.js';
import { api, copyExample, oneLineError, runCli, startBackendServer, type CliRun } from './cli-harness.js';

const NAMES = ['prep_generate', 'prep_output_analyze', 'prep_output_questions'];

describe.each(BACKENDS)('tracehub prompt on %s', (backend) => {
  let server: ServerProcess;
  let ws: string;
  const cli = (...args: string[]): Promise<CliRun> => runCli(args, ws, { TRACEHUB_HOST: server.url, TRACEHUB_API_KEY: 'dev-key' });
  const json = async (...args: string[]) => {
    const run = await cli(...args, '--json');
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout);
  };

  beforeAll(async () => {
    server = await startBackendServer(backend);
    ws = copyExample();
  });
  afterAll(async () => {
    if (server) await stopServerProcess(server);
  });

  it('push --all creates version 1 of each example prompt; pushing again creates nothing', async () => {
    const first = await json('prompt', 'push', '--all', 'targets/');
    expect(first.map((r: { name: string; version: number; created: boolean }) => [r.name, r.version, r.created])).toEqual(NAMES.map((n) => [n, 1, true]));
    const again = await json('prompt', 'push', '--all', 'targets/');
    expect(again.map((r: { version: number; created: boolean }) => [r.version, r.created])).toEqual(NAMES.map(() => [1, false]));
    const table = await cli('prompt', 'push', 'targets/prep_generate');
    expect(table.stdout).toMatch(/prep_generate\s+1\s+unchanged/);
  });

  it('editing prompt.txt and pushing creates version 2; promote moves production; pull by label is byte for byte', async () => {
    const file = path.join(ws, 'targets/prep_generate/prompt.txt');
    // CRLF, trailing spaces, no final newline, literal braces: all must survive the round trip.
    const edited = `${fs.readFileSync(file, 'utf8')}추가 지시: 답변은 한국어로.  \r\n{{"note": "literal"}}   `;
    fs.writeFileSync(file, edited);
    const pushed = await json('prompt', 'push', 'targets/prep_generate', '-m', '한국어 지시 추가');
    expect(pushed[0]).toMatchObject({ name: 'prep_generate', version: 2, created: true });

    const promoteV1 = await cli('prompt', 'promote', 'prep_generate', '1', '--label', 'production');
    expect(promoteV1.code, promoteV1.stderr).toBe(0);
    expect(promoteV1.stdout).toContain('version 1 now has: production');
    const promoted = await json('prompt', 'promote', 'prep_generate', '2', '--label', 'production');
    expect(promoted.labels).toEqual(['latest', 'production', 'staging']);
    const list = await json('prompt', 'list');
    expect(list.find((p: { name: string }) => p.name === 'prep_generate').labels).toMatchObject({ latest: 2, production: 2 });
    expect((await api(server, 'GET', '/prompts/prep_generate?version=1')).body.labels).toEqual([]);

    const out = path.join(ws, 'pulled');
    const pulled = await cli('prompt', 'pull', 'prep_generate', '--label', 'production', '-o', out);
    expect(pulled.code, pulled.stderr).toBe(0);
    expect(fs.readFileSync(path.join(out, 'prompt.txt')).equals(Buffer.from(edited, 'utf8'))).toBe(true);
    const metadata = fs.readFileSync(path.join(out, '.metadata.yaml'), 'utf8');
    expect(metadata).toContain('version: 2');
    expect(metadata).toContain('template_format: fstring');
    expect(metadata).toContain('temperature: 0.3');
    // The pulled directory pushes back as the same content: no new version.
    expect((await json('prompt', 'push', out))[0]).toMatchObject({ name: 'prep_generate', version: 2, created: false });

    await cli('prompt', 'pull', 'prep_generate', '--version', '1', '-o', out);
    expect(fs.readFileSync(path.join(out, 'prompt.txt'), 'utf8')).toBe(fs.readFileSync(path.join(copyExample(), 'targets/prep_generate/prompt.txt'), 'utf8'));
  });

  it('diff shows a unified diff between versions or labels', async () => {
    const diff = await cli('prompt', 'diff', 'prep_generate', '1', 'production');
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('--- prep_generate@1/prompt');
    expect(diff.stdout).toContain('+++ prep_generate@2/prompt');
    expect(diff.stdout).toContain('+추가 지시: 답변은 한국어로.  \r');
    expect(diff.stdout).toContain('\\ No newline at end of file');
    const same = await cli('prompt', 'diff', 'prep_generate', '2', 'latest');
    expect(same.stdout).toContain('the same content');
  });

  it('refuses bad prompt files with one line naming the file, and pushes nothing', async () => {
    const bad = copyExample();
    const run = (...args: string[]) => runCli(args, bad, { TRACEHUB_HOST: server.url });
    fs.writeFileSync(path.join(bad, 'targets/prep_output_questions/.metadata.yaml'), 'type: poem\n');
    fs.writeFileSync(path.join(bad, 'targets/prep_generate/prompt.txt'), 'changed {company}\n');
    const badType = oneLineError(await run('prompt', 'push', '--all', 'targets'));
    expect(badType).toContain('targets/prep_output_questions/.metadata.yaml: type must be text or chat');
    expect((await api(server, 'GET', '/prompts/prep_generate')).body.version).toBe(2);
    expect((await api(server, 'GET', '/prompts/prep_generate/versions')).body.items).toHaveLength(2);

    fs.writeFileSync(path.join(bad, 'targets/prep_output_questions/.metadata.yaml'), 'config: [1\n');
    expect(oneLineError(await run('prompt', 'push', 'targets/prep_output_questions'))).toMatch(/\.metadata\.yaml line \d+, column \d+: invalid YAML/);
    fs.writeFileSync(path.join(bad, 'targets/prep_output_questions/.metadata.yaml'), 'labels: [latest]\n');
    expect(oneLineError(await run('prompt', 'push', 'targets/prep_output_questions'))).toContain('must not include "latest"');
    fs.writeFileSync(path.join(bad, 'targets/prep_output_questions/.metadata.yaml'), '');
    fs.writeFileSync(path.join(bad, 'targets/prep_output_questions/prompt.txt'), '질문: {question}\n형식: {"count": 3}\n');
    const template = oneLineError(await run('prompt', 'push', 'targets/prep_output_questions'));
    expect(template).toContain('targets/prep_output_questions/prompt.txt');
    expect(template).toContain('line 2');
    expect(oneLineError(await run('prompt', 'push', 'targets/missing'))).toContain('targets/missing is not a directory');
    expect(oneLineError(await run('prompt', 'push'))).toContain('--all');
  });

  it('answers server-side failures and unreachable servers with one line and a non-zero exit', async () => {
    expect(oneLineError(await cli('prompt', 'pull', 'prep_generate', '--label', 'canary', '-o', path.join(ws, 'x')))).toContain('no version labelled "canary"');
    expect(oneLineError(await cli('prompt', 'promote', 'prep_generate', '9'))).toContain('no version 9');
    expect(oneLineError(await cli('prompt', 'promote', 'prep_generate', 'two'))).toContain('whole number');
    expect(oneLineError(await runCli(['prompt', 'list'], ws, { TRACEHUB_HOST: 'http://127.0.0.1:9' }))).toContain('Cannot reach Trace Hub at http://127.0.0.1:9');
    expect(oneLineError(await runCli(['prompt', 'list'], ws, { TRACEHUB_HOST: server.url, TRACEHUB_API_KEY: 'wrong' }))).toContain('TRACEHUB_API_KEY');
  });

  it('every command has --help', async () => {
    for (const command of [[], ['prompt'], ['prompt', 'push'], ['prompt', 'pull'], ['prompt', 'list'], ['prompt', 'promote'], ['prompt', 'diff']]) {
      const run = await cli(...command, '--help');
      expect(run.code, command.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage: tracehub');
    }
  });
});

/**
 * SPEC §7's `tracehub serve`, `tracehub keys`, `tracehub users` with the built CLI, and output cut
 * short by a reader that stops early (`tracehub experiment list | head`).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../src/storage/testing/test-stores.js';
import { CLI, oneLineError, runCli } from './cli-harness.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from './process.js';

describe('tracehub serve, keys, users', () => {
  const dataDir = path.join(tempDir('tracehub-serve-'), 'data');
  const cwd = tempDir('tracehub-serve-cwd-');
  // The data directory comes from --data-dir only; .env-style settings of the test process are cleared.
  const env = { TRACEHUB_DATA_DIR: dataDir, TRACEHUB_DATABASE_URL: '' };
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess({ TRACEHUB_DATA_DIR: '', PORT: '1', HOST: '' }, 20_000, (port) => [CLI, 'serve', '--port', String(port), '--host', '127.0.0.1', '--data-dir', dataDir]);
  });
  afterAll(async () => {
    if (server) await stopServerProcess(server);
  });

  it('serve starts the server on --port/--host with its data in --data-dir', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const traces = await fetch(`${server.url}/api/v1/traces`, { headers: { 'x-api-key': 'dev-key' } });
    expect(traces.status).toBe(200);
    expect(fs.readdirSync(dataDir).length).toBeGreaterThan(0);
  });

  it('keys and users are the admin commands at the top level, over the same database', async () => {
    const created = await runCli(['users', 'create', 'minji', '--password', 'correct horse battery'], cwd, env);
    expect(created.code, created.stderr).toBe(0);
    const users = JSON.parse((await runCli(['users', 'list', '--json'], cwd, env)).stdout);
    expect(users.map((u: { username: string }) => u.username)).toContain('minji');
    expect(JSON.parse((await runCli(['admin', 'users', 'list', '--json'], cwd, env)).stdout)).toEqual(users);

    const key = await runCli(['keys', 'create', '--project', 'default', '--name', 'ci', '--scopes', 'read'], cwd, env);
    expect(key.code, key.stderr).toBe(0);
    const secret = key.stdout.match(/API key: (\S+)/)?.[1] as string;
    const answer = await fetch(`${server.url}/api/v1/traces`, { headers: { 'x-api-key': secret } });
    expect(answer.status).toBe(200);
    const keys = JSON.parse((await runCli(['keys', 'list', '--project', 'default', '--json'], cwd, env)).stdout);
    expect(keys.map((k: { name: string }) => k.name)).toContain('ci');
    expect(oneLineError(await runCli(['keys', 'list'], cwd, env))).toContain("required option '--project <project>'");
  });

  it('serve, keys and users have their own --help; a bad port is one line', async () => {
    for (const [command, usage, text] of [
      ['serve', 'Usage: tracehub serve [options]', '--data-dir <dir>'],
      ['keys', 'Usage: tracehub keys [options] [command]', 'revoke [options] <key-id>'],
      ['users', 'Usage: tracehub users [options] [command]', 'set-password [options] <username>'],
    ]) {
      const help = await runCli([command, '--help'], cwd);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(usage);
      expect(help.stdout).toContain(text);
    }
    expect(oneLineError(await runCli(['serve', '--port', '70000'], cwd))).toContain('--port must be a port number from 0 to 65535, got "70000"');
  });
});

describe('output cut short by the reader', () => {
  it('experiment list | head: exits quietly, no EPIPE stack', async () => {
    const cwd = tempDir('tracehub-epipe-');
    // Enough runs that the table is far larger than a pipe's buffer.
    for (let i = 0; i < 1500; i++) {
      const dir = path.join(cwd, 'results', `run-${String(i).padStart(4, '0')}-${'x'.repeat(40)}`, 'config');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'run_config.json'), JSON.stringify({ run_id: `r${i}`, dataset: { name: 'faq' }, prompt: { name: 'faq_answer' }, model: { model: 'gpt-4o-mini' } }));
    }
    const child = spawn(process.execPath, [CLI, 'experiment', 'list'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // Like `head -1`: read the first chunk, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

/**
 * `tracehub admin keys …`: the built CLI opens the server's store directly and creates, lists and
 * revokes a project's API keys, including a Langfuse-style pair that the Langfuse API accepts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../src/server.js';
import { tempDir } from '../src/storage/testing/test-stores.js';
import { testConfig } from './helpers.js';
import { oneLineError, runCli } from './cli-harness.js';

const basic = (publicKey: string, secretKey: string) => `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString('base64')}`;

describe('tracehub admin keys', () => {
  let server: RunningServer;
  let env: Record<string, string>;
  const cwd = tempDir('tracehub-admin-keys-');
  const admin = (...args: string[]) => runCli(['admin', 'keys', ...args], cwd, env);

  beforeAll(async () => {
    const dataDir = tempDir();
    env = { TRACEHUB_DATA_DIR: dataDir, TRACEHUB_DATABASE_URL: '' };
    server = await createServer(testConfig({ dataDir }), { logger: false });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('creates a Langfuse pair that the Langfuse API accepts, lists it with its public key, and revokes it', async () => {
    const created = await admin('create', '--project', 'default', '--name', 'langfuse sdk', '--scopes', 'ingest,read', '--langfuse');
    expect(created.code).toBe(0);
    const publicKey = created.stdout.match(/LANGFUSE_PUBLIC_KEY=(pk-lf-\S+)/)?.[1] as string;
    const secretKey = created.stdout.match(/LANGFUSE_SECRET_KEY=(sk-lf-\S+)/)?.[1] as string;
    expect(publicKey && secretKey).toBeTruthy();
    const projects = await server.app.inject({ method: 'GET', url: '/api/public/projects', headers: { authorization: basic(publicKey, secretKey) } });
    expect(projects.statusCode).toBe(200);
    expect(projects.json().data[0].name).toBe('default');

    const list = JSON.parse((await admin('list', '--project', 'default', '--json')).stdout);
    const pair = list.find((k: { name: string }) => k.name === 'langfuse sdk');
    expect(pair).toMatchObject({ public_key: publicKey, scopes: ['ingest', 'read'], revoked_at: null });
    expect(JSON.stringify(list)).not.toContain(secretKey);
    expect((await admin('list', '--project', 'default')).stdout).toMatch(/langfuse sdk\s+\S+\s+sk-lf-\S+…\s+pk-lf-\S+\s+ingest,read\s+active/);

    expect((await admin('revoke', pair.key_id, '--project', 'default')).stdout).toBe(`API key ${pair.key_id} revoked\n`);
    // The server caches key lookups for 30 s; a fresh server process would refuse at once. The store says revoked:
    const after = JSON.parse((await admin('list', '--project', 'default', '--json')).stdout);
    expect(after.find((k: { key_id: string }) => k.key_id === pair.key_id).revoked_at).not.toBeNull();
  });

  it('creates a plain th_ key with the default scopes', async () => {
    const created = await admin('create', '--project', 'default', '--name', 'ci');
    expect(created.stdout).toMatch(/created API key ci \(\S+\) with scopes ingest,read\nAPI key: th_\S+ \(shown once\)/);
  });

  it('fails with one line and a non-zero exit', async () => {
    expect(oneLineError(await admin('create', '--project', 'nope', '--name', 'x'))).toMatch(/^error: No project has the id or name "nope"/);
    expect(oneLineError(await admin('create', '--project', 'default', '--name', 'x', '--scopes', 'write'))).toMatch(/--scopes is a comma-separated list/);
    expect(oneLineError(await admin('revoke', 'no-such-key', '--project', 'default'))).toMatch(/^error: API key "no-such-key" was not found/);
  });
});

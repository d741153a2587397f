/** Runs the built `tracehub` CLI as a child process against a built server process, in a copy of examples/prompt-eval. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, tempDir, type Backend } from '../src/storage/testing/test-stores.js';
import { startServerProcess, type ServerProcess } from './process.js';

/** The built `tracehub` entry. */
export const CLI = fileURLToPath(new URL('../../cli/bin/tracehub.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../../examples/prompt-eval', import.meta.url));

/** What one CLI run printed and how it exited. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tracehub …args` in `cwd` with `env` added to the environment. */
export function runCli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A fresh copy of examples/prompt-eval (targets/ and datasets/). */
export function copyExample(): string {
  const dir = path.join(tempDir('tracehub-cli-'), 'workspace');
  fs.cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** Starts the built server on a fresh database of `backend`. */
export async function startBackendServer(backend: Backend): Promise<ServerProcess> {
  const env: Record<string, string> = backend === 'sqlite' ? { TRACEHUB_DATA_DIR: tempDir() } : { TRACEHUB_DATABASE_URL: await createTestDatabase() };
  // The default bootstrap key is dev-key, which the CLI also uses by default.
  return startServerProcess(env);
}

/** Sends JSON to the server with the dev key. */
export async function api(server: ServerProcess, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/v1${url}`, {
    method,
    headers: { 'x-api-key': 'dev-key', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Asserts-friendly view of an error run: exactly one line on stderr, no stack trace. */
export function oneLineError(run: CliRun): string {
  const lines = run.stderr.trimEnd().split('\n');
  if (run.code === 0) throw new Error(`expected a failure, got exit 0: ${run.stdout}`);
  if (lines.length !== 1 || /\n\s+at /.test(run.stderr)) throw new Error(`expected one error line, got:\n${run.stderr}`);
  return lines[0];
}

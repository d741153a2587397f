/** deploy/tracehub-backup.sh (the systemd timer's job): one archive per run, the newest KEEP kept, bad KEEP refused. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/storage/sqlite/sqlite-store.js';
import { tempDir } from '../src/storage/testing/test-databases.js';

const SCRIPT = fileURLToPath(new URL('../../../deploy/tracehub-backup.sh', import.meta.url));

describe('deploy/tracehub-backup.sh', () => {
  it('writes a backup per run and keeps the newest KEEP', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const store = createSqliteStore({ file: path.join(dataDir, 'tracehub.db') });
    await store.migrate();
    await store.close();
    const backups = path.join(tempDir(), 'backups');
    const env = { ...process.env, TRACEHUB_DATA_DIR: dataDir, TRACEHUB_DATABASE_URL: '', BACKUP_DIR: backups, KEEP: '2' };
    for (let i = 0; i < 3; i++) {
      const run = spawnSync('sh', [SCRIPT], { env, encoding: 'utf8', cwd: tempDir() });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      await new Promise((r) => setTimeout(r, 1100));
    }
    const left = fs.readdirSync(backups).filter((f) => /^tracehub-\d{8}T\d{6}Z\.tar$/.test(f));
    expect(left).toHaveLength(2);
    const bad = spawnSync('sh', [SCRIPT], { env: { ...env, KEEP: 'all' }, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});

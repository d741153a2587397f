/** The note `tracehub dataset upload` stores with a new version is in the user's language (the locale), unless -m gives one. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopServerProcess, type ServerProcess } from './process.js';
import { api, copyExample, runCli, startBackendServer } from './cli-harness.js';

describe('tracehub dataset upload: the version note in the locale language', () => {
  let server: ServerProcess;
  let ws: string;
  beforeAll(async () => {
    server = await startBackendServer('sqlite');
    ws = copyExample();
  });
  afterAll(async () => {
    if (server) await stopServerProcess(server);
  });

  const upload = async (name: string, locale: Record<string, string>, ...extra: string[]) => {
    const run = await runCli(['dataset', 'upload', '--name', name, '--json', ...extra], ws, { TRACEHUB_HOST: server.url, LC_ALL: '', LC_MESSAGES: '', ...locale });
    expect(run.code, run.stderr).toBe(0);
    const versions = await api(server, 'GET', `/datasets/${name}/versions`);
    expect(versions.status).toBe(200);
    return (versions.body.items as { version: number; message: string | null }[]).find((v) => v.version === JSON.parse(run.stdout).version.version)?.message;
  };

  it('writes "Uploaded from …" in English, "…에서 업로드함" in a Korean locale, and -m as given', async () => {
    expect(await upload('prep_generate', { LANG: 'en_US.UTF-8' })).toMatch(/^Uploaded from .*datasets[/\\]prep_generate$/);
    expect(await upload('prep_output_analyze', { LANG: 'ko_KR.UTF-8' })).toMatch(/^.*datasets[/\\]prep_output_analyze에서 업로드함$/);
    expect(await upload('prep_output_questions', { LANG: 'ko_KR.UTF-8' }, '-m', 'my note')).toBe('my note');
  });
});

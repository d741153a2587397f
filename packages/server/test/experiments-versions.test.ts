/**
 * Which version `experiment run` evaluates in a workspace that has local `targets/<name>/` and
 * `datasets/<name>/`: a version or label always means the server's, a bare name the local files, and
 * the header, report.md and manifest.json name the source, version and sha256 of both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace } from '../../evals/src/testing/test-runs.js';
import { stopServerProcess, type ServerProcess } from './process.js';
import { api, oneLineError, runCli, startBackendServer, type CliRun } from './cli-harness.js';

describe('experiment run: the version asked for is the version evaluated', () => {
  let server: ServerProcess;
  let ws: string;
  /** Server dataset faq version 1 (20 items), prompt faq version 1 labelled canary. */
  let datasetV1: { sha256: string };
  let promptV1: { content_hash: string };
  const cli = (...args: string[]): Promise<CliRun> => runCli(args, ws, { TRACEHUB_HOST: server.url });
  const ok = async (...args: string[]) => {
    const run = await cli(...args);
    expect(run.code, run.stderr).toBe(0);
    return run;
  };
  const run = (name: string, ...args: string[]) => ok('experiment', 'run', '--provider', 'offline', '-m', 'offline-model', '--tracker', 'none', '--no-cache', '-e', 'keywords', '-n', name, ...args);
  const results = (name: string) => {
    const dir = path.join(ws, 'results', name);
    const items = fs.readFileSync(path.join(dir, 'items.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    return {
      items,
      prompts: new Set(items.map((r) => (r.messages as Array<{ content: string }>).map((m) => m.content).join('\n').replace(/word-\d+/, 'word-N'))),
      manifest: JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')),
      report: fs.readFileSync(path.join(dir, 'report.md'), 'utf8'),
    };
  };

  beforeAll(async () => {
    server = await startBackendServer('sqlite');
    // The server: prompt v1 (labelled canary) and dataset v1 of the first 20 cases.
    ws = makeWorkspace({ count: 20, name: 'faq' });
    fs.writeFileSync(path.join(ws, 'targets', 'faq', 'prompt.txt'), 'V1 answers {word}.');
    await ok('prompt', 'push', 'targets/faq');
    await ok('prompt', 'promote', 'faq', '1', '--label', 'canary');
    await ok('dataset', 'upload', '--name', 'faq');
    datasetV1 = (await api(server, 'GET', '/datasets/faq?version=1')).body.version;
    promptV1 = (await api(server, 'GET', '/prompts/faq?label=canary')).body;
  });
  afterAll(async () => {
    if (server) await stopServerProcess(server);
  });

  it('a local dataset hashes to the server version of the same content', async () => {
    const local = await run('local-20', '-d', 'faq', '-p', 'faq');
    expect(local.stdout).toContain(`dataset: faq local-${datasetV1.sha256.slice(0, 12)} (local, 20 items, sha256 ${datasetV1.sha256})`);
    expect(local.stdout).toContain(`prompt: faq local-${promptV1.content_hash.slice(0, 12)} (local, sha256 ${promptV1.content_hash})`);
    expect(results('local-20').manifest.dataset).toEqual({ source: 'local', name: 'faq', version: `local-${datasetV1.sha256.slice(0, 12)}`, sha256: datasetV1.sha256, items: 20 });
  });

  it('@label, :version and -d name:version evaluate the server versions though targets/ and datasets/ hold newer ones', async () => {
    // The team's layout: the local files moved on (a v2 text, 27 cases), the server still has v1 and 20.
    const newer = makeWorkspace({ count: 27, name: 'faq' });
    fs.cpSync(path.join(newer, 'datasets', 'faq'), path.join(ws, 'datasets', 'faq'), { recursive: true });
    fs.writeFileSync(path.join(ws, 'targets', 'faq', 'prompt.txt'), 'V2 answers {word} better.');

    const canary = await run('canary', '-d', 'faq:1', '-p', 'faq@canary');
    expect(canary.stdout).toContain(`dataset: faq v1 (server, 20 items, sha256 ${datasetV1.sha256})`);
    expect(canary.stdout).toContain(`prompt: faq v1 @canary (server, sha256 ${promptV1.content_hash})`);
    const c = results('canary');
    expect(c.items).toHaveLength(20);
    expect([...c.prompts]).toEqual(['V1 answers word-N.']);
    expect(c.manifest).toMatchObject({
      dataset: { source: 'server', name: 'faq', version: '1', sha256: datasetV1.sha256, items: 20 },
      prompt: { source: 'server', name: 'faq', version: '1', label: 'canary', sha256: promptV1.content_hash },
    });
    expect(c.report).toContain(`| dataset | faq v1 (server, 20 items, sha256 ${datasetV1.sha256}) |`);
    expect(c.report).toContain(`| prompt | faq v1 @canary (server, sha256 ${promptV1.content_hash}) |`);
    const json = JSON.parse((await run('canary-json', '-d', 'faq:1', '-p', 'faq@canary', '--json')).stdout);
    expect({ dataset: json.dataset, prompt: json.prompt }).toEqual({ dataset: c.manifest.dataset, prompt: c.manifest.prompt });

    // A prompt version number, with the bare dataset name: server prompt v1, local dataset of 27.
    const byNumber = await run('by-number', '-d', 'faq', '-p', 'faq:1');
    expect(byNumber.stdout).toMatch(/dataset: faq local-[0-9a-f]{12} \(local, 27 items, sha256 [0-9a-f]{64}\)/);
    expect(byNumber.stdout).toContain(`prompt: faq v1 (server, sha256 ${promptV1.content_hash})`);
    const n = results('by-number');
    expect(n.items).toHaveLength(27);
    expect([...n.prompts]).toEqual(['V1 answers word-N.']);
    expect(n.manifest.dataset.sha256).not.toBe(datasetV1.sha256);

    // Neither given: the local files, and the header says so.
    const bare = await run('bare', '-d', 'faq', '-p', 'faq');
    expect(bare.stdout).toMatch(/prompt: faq local-[0-9a-f]{12} \(local, sha256 [0-9a-f]{64}\)/);
    const b = results('bare');
    expect(b.items).toHaveLength(27);
    expect([...b.prompts]).toEqual(['V2 answers word-N better.']);
    expect(b.manifest.prompt).toMatchObject({ source: 'local', name: 'faq', label: null });
    expect(b.report).toMatch(/\| dataset \| faq local-[0-9a-f]{12} \(local, 27 items, sha256 [0-9a-f]{64}\) \|/);
  });

  it('--local with a version or label is a one-line error, before any run', async () => {
    const common = ['experiment', 'run', '--provider', 'offline', '-m', 'm', '--tracker', 'none', '--local'];
    expect(oneLineError(await cli(...common, '-d', 'faq', '-p', 'faq@canary', '-n', 'x1'))).toBe(
      'error: --local reads targets/faq/, which has no versions; "faq@canary" names a server version: drop --local or the label.',
    );
    expect(oneLineError(await cli(...common, '-d', 'faq:1', '-p', 'faq', '-n', 'x2'))).toBe(
      'error: --local reads datasets/faq/, which has no versions; "faq:1" names a server version: drop --local or the version.',
    );
    expect(fs.existsSync(path.join(ws, 'results', 'x1'))).toBe(false);
    expect(fs.existsSync(path.join(ws, 'results', 'x2'))).toBe(false);
  });
});

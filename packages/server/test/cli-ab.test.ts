/** `tracehub ab create|list|results` as a child process against the built server. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopServerProcess, type ServerProcess } from './process.js';
import { api, oneLineError, runCli, startBackendServer, type CliRun } from './cli-harness.js';
import { tempDir } from '../src/storage/testing/test-stores.js';

describe('tracehub ab', () => {
  let server: ServerProcess;
  let ws: string;
  const cli = (...args: string[]): Promise<CliRun> => runCli(args, ws, { TRACEHUB_HOST: server.url, TRACEHUB_API_KEY: 'dev-key' });

  beforeAll(async () => {
    server = await startBackendServer('sqlite');
    ws = tempDir();
  });
  afterAll(async () => {
    if (server) await stopServerProcess(server);
  });

  it('creates a 90/10 test with a model and endpoint per variant, lists it, and shows results with the verdict', async () => {
    const created = await cli('ab', 'create', 'new-model', '--variant', 'control=90', '--variant', 'finetuned=10', '--endpoint', 'finetuned=LLM_API_BASE_NEW_MODEL',
      '--model', 'finetuned=qwen-ft', '--guardrail', 'error_rate', '--json');
    expect(created.code, created.stderr).toBe(0);
    const test = JSON.parse(created.stdout);
    expect(test.variants).toEqual([{ key: 'control', weight: 90 }, { key: 'finetuned', weight: 10, endpoint: 'LLM_API_BASE_NEW_MODEL', model: 'qwen-ft' }]);
    const list = await cli('ab', 'list');
    expect(list.stdout).toMatch(/new-model\s+ab_[0-9a-f]{16}\s+running\s+session_id\s+control=90 finetuned=10\s+review_pass_rate/);
    for (let i = 0; i < 40; i++) {
      const assigned = await api(server, 'POST', `/ab-tests/${test.test_id}/assign`, { unit_id: `s-${i}` });
      await api(server, 'POST', '/ingest/traces', {
        trace: { trace_id: `cli-ab-${i}`, name: 'search', session_id: `s-${i}`, user_review_passed: i % 2 === 0, attributes: assigned.body.attributes },
      });
    }
    const results = await cli('ab', 'results', 'new-model');
    expect(results.code, results.stderr).toBe(0);
    expect(results.stdout).toMatch(/^review_pass_rate\s+control\s+\d/m);
    expect(results.stdout).toMatch(/Sample ratio: chi-square [\d.]+, p [\d.e-]+/);
    expect(results.stdout).toMatch(/finetuned: no detectable difference on review_pass_rate yet/);
    const json = JSON.parse((await cli('ab', 'results', test.test_id, '--json')).stdout);
    expect(json.variants.reduce((n: number, v: { units: number }) => n + v.units, 0)).toBe(40);
  });

  it('bad input is one line and a non-zero exit', async () => {
    fs.writeFileSync(path.join(ws, 'bad.json'), '{not json');
    const cases: [string[], RegExp][] = [
      [['ab', 'create', 'x'], /give the variants/],
      [['ab', 'create', 'x', '--variant', 'control'], /--variant takes <variant>=<value>/],
      [['ab', 'create', 'x', '--variant', 'a=1.5', '--variant', 'b=1'], /weight must be a whole number/],
      [['ab', 'create', 'x', '--variant', 'a=1', '--model', 'b=m'], /no variant "b"/],
      [['ab', 'create', 'x', '--variant', 'a=1', '--variant', 'b=1', '--primary', 'happiness'], /primary_metric/],
      [['ab', 'create', 'new-model', '--variant', 'a=1', '--variant', 'b=1'], /already exists/],
      [['ab', 'create', 'x', '--file', 'bad.json'], /--file bad.json/],
      [['ab', 'create', 'x', '--unit', 'trace_id'], /--unit/],
      [['ab', 'results', 'nope'], /No A\/B test "nope"/],
      [['ab', 'results', 'new-model', '--alpha', '7'], /alpha/],
    ];
    for (const [args, message] of cases) {
      const run = await cli(...args);
      expect(run.code, args.join(' ')).not.toBe(0);
      expect(oneLineError(run), args.join(' ')).toMatch(message);
    }
  });
});

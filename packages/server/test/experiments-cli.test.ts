/** `tracehub experiment` as a CI gate and its one-line errors: --baseline, --threshold, compare, trackers, bad input. */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experimentComparisonSchema } from '@tracehub/core';
import { startFakeOpenAi, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';
import { makeWorkspace } from '../../evals/src/testing/test-runs.js';
import { oneLineError, runCli } from './cli-harness.js';

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('experiment run as a CI gate', () => {
  let fake: FakeOpenAi;
  /** Which items pass in the current phase. */
  let passes: (i: number) => boolean = () => true;
  let cwd: string;
  beforeAll(async () => {
    fake = await startFakeOpenAi((request) => {
      const i = Number(/word-(\d+)/.exec(request.messages[0].content)?.[1]);
      return passes(i) ? 'PASS' : 'nope';
    });
    cwd = makeWorkspace({ count: 100 });
  });
  afterAll(() => fake.close());
  const run = (name: string, extra: string[] = []) =>
    runCli(['experiment', 'run', '-d', 'qa', '-p', 'qa', '--base-url', fake.url, '--tracker', 'none', '--no-cache', '--concurrency', '16', '-e', 'keywords', '-n', name, ...extra], cwd);

  it('--baseline exits non-zero only when the run is significantly worse', async () => {
    passes = (i) => i < 80;
    expect((await run('base')).code).toBe(0);

    // 30 items worse (0–29 now fail), 2 better (80, 81 now pass).
    passes = (i) => (i < 30 ? false : i === 80 || i === 81 ? true : i < 80);
    const worse = await run('worse', ['--baseline', 'base']);
    expect(oneLineError(worse)).toMatch(/^error: significantly worse than baseline base: score Δ -0\.28 \(95% CI -0\.\d+ … -0\.\d+\), pass\/fail 30 regressions vs 2 improvements \(McNemar p = /);
    expect(worse.stdout).toContain('baseline base: worse');

    // One item different of 100.
    passes = (i) => i > 0 && i < 80;
    const same = await run('same', ['--baseline', 'base']);
    expect(same.stderr).toBe('');
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('baseline base: no significant difference');

    const below = await run('below', ['--threshold', '0.9']);
    expect(oneLineError(below)).toBe('error: score 0.7900 is below the threshold 0.9');

    const compared = await runCli(['experiment', 'compare', 'base', 'worse', '--json'], cwd);
    expect(compared.code).toBe(0);
    const c = experimentComparisonSchema.parse(JSON.parse(compared.stdout));
    expect(c).toMatchObject({ verdict: 'worse', paired: 100 });
    expect(c.regressions).toHaveLength(30);
    const table = await runCli(['experiment', 'compare', 'base', 'same'], cwd);
    expect(table.stdout).toMatch(/verdict: no significant difference/);
    expect(table.stdout).toMatch(/passed\s+80\.0%\s+79\.0%\s+1\s+0\s+exact\s+1\s+no/);
    expect(oneLineError(await runCli(['experiment', 'compare', 'base', 'worse', '--fail-on-regression'], cwd))).toMatch(/worse is significantly worse than base/);

    const list = await runCli(['experiment', 'list'], cwd);
    expect(list.stdout).toMatch(/base\s+\S+\s+qa\s+qa\s+fake-model\s+100\s+80\.0%/);
    const report = await runCli(['experiment', 'report', 'worse'], cwd);
    expect(report.stdout).toContain('# Experiment report: worse');
    expect(report.stdout).toContain('## Failed cases (48)');
  });

  it('a named tracker that is unreachable fails before any model call and names it', async () => {
    const before = fake.chatRequests.length;
    const port = await closedPort();
    const failed = await runCli(
      ['--host', `http://127.0.0.1:${port}`, 'experiment', 'run', '-d', 'qa', '-p', 'qa', '--base-url', fake.url, '--tracker', 'tracehub+mlflow', '-n', 'untracked'],
      cwd,
      { MLFLOW_TRACKING_URI: `http://127.0.0.1:${port}` },
    );
    const line = oneLineError(failed);
    expect(line).toMatch(/^error: Tracker check failed, no model was called: tracehub: Trace Hub is not reachable .*; mlflow: MLflow is not reachable at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    expect(fake.chatRequests.length).toBe(before);
    expect(fs.existsSync(path.join(cwd, 'results', 'untracked'))).toBe(false);
    const unset = await runCli(['experiment', 'run', '-d', 'qa', '-p', 'qa', '--base-url', fake.url, '--tracker', 'mlflow', '-n', 'untracked'], cwd, { MLFLOW_TRACKING_URI: '' });
    expect(oneLineError(unset)).toMatch(/mlflow: MLFLOW_TRACKING_URI is not set/);
  });

  it('runs a tracehub.eval.yaml (prompts × models) with the offline provider', async () => {
    fs.writeFileSync(path.join(cwd, 'tracehub.eval.yaml'), 'name: ci\ndataset: qa\nprompts: [qa]\nmodels: [{provider: offline, model: a}, {provider: offline, model: b}]\nevaluators: [keywords, latency]\nlimit: 5\ntrackers: none\n');
    const result = await runCli(['experiment', 'run', '-c', 'tracehub.eval.yaml', '--json'], cwd);
    expect(result.code).toBe(0);
    expect(fs.existsSync(path.join(cwd, 'results', 'ci-qa-a', 'metrics.json'))).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'results', 'ci-qa-b', 'report.md'))).toBe(true);
    const metrics = JSON.parse(fs.readFileSync(path.join(cwd, 'results', 'ci-qa-a', 'metrics.json'), 'utf8'));
    expect(metrics.counts.items).toBe(5);
  });

  it('bad input is one line on stderr and a non-zero exit', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['experiment', 'run', '-p', 'qa'], /Give --dataset/],
      [['experiment', 'run', '-d', 'qa', '-p', 'qa', '-e', 'keywords,vibes', '--tracker', 'none'], /Unknown evaluator "vibes"/],
      [['experiment', 'run', '-d', 'qa', '-p', 'qa', '--tracker', 'tracehub+wandb'], /Unknown tracker "wandb"/],
      [['experiment', 'run', '-d', 'qa', '-p', 'qa@Prod', '--tracker', 'none'], /not a label/],
      [['experiment', 'run', '-d', 'qa', '-p', 'qa', '--provider', 'magic', '--tracker', 'none', '-n', 'm'], /Unknown provider "magic"/],
      [['experiment', 'run', '-d', 'qa', '-p', 'qa', '--concurrency', '0'], /--concurrency must be a whole number/],
      [['experiment', 'run', '-d', 'qa', '-p', 'qa', '--threshold', 'high', '--tracker', 'none'], /threshold "high" is not a number/],
      [['experiment', 'run', '--resume', 'never-ran'], /No results directory "never-ran"/],
      [['experiment', 'run', '-d', 'qa', '-p', 'qa', '--provider', 'offline', '--tracker', 'none', '-n', 'base'], /results\/base already exists; continue it with --resume base/],
      [['experiment', 'run', '-d', 'missing', '-p', 'qa', '--local', '--tracker', 'none'], /missing\/test_cases\.json: does not exist/],
      [['experiment', 'run', '-c', 'nope.yaml'], /nope\.yaml: does not exist/],
      [['--host', 'http://127.0.0.1:9', 'experiment', 'compare', 'base', 'nothing-here'], /Cannot reach Trace Hub|No run "nothing-here"/],
    ];
    for (const [args, pattern] of cases) {
      const result = await runCli(args, cwd);
      expect([args.join(' '), oneLineError(result)]).toEqual([args.join(' '), expect.stringMatching(pattern)]);
    }
  });
});

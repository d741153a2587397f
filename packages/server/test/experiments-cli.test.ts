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
  /** Which items pass in the current phase, and which answers leak the forbidden word. */
  let passes: (i: number) => boolean = () => true;
  let leaks: (i: number) => boolean = () => false;
  let cwd: string;
  beforeAll(async () => {
    fake = await startFakeOpenAi((request) => {
      const i = Number(/word-(\d+)/.exec(request.messages[0].content)?.[1]);
      return `${passes(i) ? 'PASS' : 'nope'}${leaks(i) ? ' FORBIDDEN' : ''}`;
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
    expect(oneLineError(await runCli(['experiment', 'compare', 'base', 'worse', '--fail-on-regression'], cwd))).toMatch(/^error: significantly worse than baseline base: score Δ -0\.28/);

    const list = await runCli(['experiment', 'list'], cwd);
    expect(list.stdout).toMatch(/base\s+\S+\s+qa\s+qa\s+fake-model\s+100\s+80\.0%/);
    const report = await runCli(['experiment', 'report', 'worse'], cwd);
    expect(report.stdout).toContain('# Experiment report: worse');
    expect(report.stdout).toContain('## Failed cases (48)');
  });

  it('a run with fewer evaluators or items than its baseline does not pass --baseline; compare says what differs', async () => {
    // The baseline is scored with keywords + forbidden; the candidate leaks the forbidden word in 8 items
    // and is run with keywords only — over keywords alone it looks better (100% against 80%).
    passes = (i) => i < 80;
    leaks = () => false;
    expect((await run('full', ['-e', 'keywords,forbidden'])).code).toBe(0);
    passes = () => true;
    leaks = (i) => i < 8;
    const leaky = await run('leaky', ['--baseline', 'full']);
    expect(oneLineError(leaky)).toBe(
      'error: baseline full has evaluator forbidden that leaky lacks; run them too, or pass --allow-partial-baseline to compare only what both share',
    );
    expect(leaky.stdout).toContain('warning: evaluators differ (A full, B leaky): forbidden only in A; compared on keywords only');
    // Allowed explicitly: compared on keywords only, and said so.
    const allowed = await run('leaky-allowed', ['--baseline', 'full', '--allow-partial-baseline']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('warning: evaluators differ (A full, B leaky-allowed): forbidden only in A; compared on keywords only');
    expect(allowed.stdout).toContain('baseline full: better');

    // Fewer items (--limit) with the same evaluators: not a pass either.
    passes = (i) => i < 80;
    leaks = () => false;
    const fewer = await run('fewer', ['-e', 'keywords,forbidden', '--limit', '50', '--baseline', 'full']);
    expect(oneLineError(fewer)).toBe(
      'error: baseline full has 50 items (case_050, case_051, case_052, case_053, case_054, …) that fewer lacks; run them too, or pass --allow-partial-baseline to compare only what both share',
    );
    expect(fewer.stdout).toContain('warning: 50 items only in A full (case_050, case_051, case_052, case_053, case_054, …); not compared');

    // compare says the same, in the table and in JSON, and --fail-on-regression refuses the partial run.
    const table = await runCli(['experiment', 'compare', 'full', 'leaky'], cwd);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toBe('warning: evaluators differ (A full, B leaky): forbidden only in A; compared on keywords only');
    const json = experimentComparisonSchema.parse(JSON.parse((await runCli(['experiment', 'compare', 'full', 'fewer', '--json'], cwd)).stdout));
    expect(json).toMatchObject({ paired: 50, only_in_a: 50, differences: { evaluators: ['forbidden', 'keywords'], evaluators_only_in_a: [], dataset: { differs: false } } });
    expect(json.differences.items_only_in_a).toHaveLength(50);
    expect(oneLineError(await runCli(['experiment', 'compare', 'full', 'leaky', '--fail-on-regression'], cwd))).toMatch(/^error: baseline full has evaluator forbidden that leaky lacks/);
    expect((await runCli(['experiment', 'compare', 'full', 'leaky', '--fail-on-regression', '--allow-partial-baseline'], cwd)).code).toBe(0);

    // Another dataset (version): said, with both versions and hashes.
    fs.cpSync(path.join(cwd, 'datasets', 'qa'), path.join(cwd, 'datasets', 'qa-v2'), { recursive: true });
    const cases = JSON.parse(fs.readFileSync(path.join(cwd, 'datasets', 'qa-v2', 'test_cases.json'), 'utf8'));
    cases[0].inputs.word = 'word-0 changed';
    fs.writeFileSync(path.join(cwd, 'datasets', 'qa-v2', 'test_cases.json'), JSON.stringify(cases));
    expect((await run('other-data', ['-d', 'qa-v2', '-e', 'keywords,forbidden'])).code).toBe(0);
    const other = await runCli(['experiment', 'compare', 'full', 'other-data'], cwd);
    expect(other.stdout.split('\n')[0]).toMatch(/^warning: datasets differ: A qa:local-[0-9a-f]{12} \(sha256 [0-9a-f]{12}\), B qa-v2:local-[0-9a-f]{12} \(sha256 [0-9a-f]{12}\)$/);
  });

  it('unknown --threshold names, missing prompt variables and unknown expected ids fail before any model call', async () => {
    fs.mkdirSync(path.join(cwd, 'targets', 'needs-tier'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'targets', 'needs-tier', 'prompt.txt'), 'Say PASS for {word} ({tier}).');
    fs.cpSync(path.join(cwd, 'datasets', 'qa'), path.join(cwd, 'datasets', 'stale'), { recursive: true });
    const expectedFile = path.join(cwd, 'datasets', 'stale', 'expected.json');
    fs.writeFileSync(expectedFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(expectedFile, 'utf8')), case_gone: { keywords: ['x'] } }));
    const before = fake.chatRequests.length;
    const cases: Array<[string[], string | RegExp]> = [
      [['--threshold', 'forbidden=1', '-n', 'pf1'], 'error: --threshold names "forbidden", which no evaluator of this run produces (known: score, pass_rate, keywords); no model was called.'],
      [['-p', 'needs-tier', '-m', 'fake-model', '-n', 'pf2'], /^error: The prompt needs-tier:local-[0-9a-f]{12} uses variable the dataset items do not provide: "tier" \(100 of 100 items: case_000, case_001, case_002, case_003, case_004, …\); no model was called\.$/],
      [['-d', 'stale', '-n', 'pf3'], `error: ${fs.realpathSync(expectedFile)}: expectations for 1 id the dataset does not have (case_gone); remove them or add the cases.`],
    ];
    for (const [args, expected] of cases) {
      const result = await run(args[args.length - 1], args);
      expect([args.join(' '), oneLineError(result)]).toEqual([args.join(' '), typeof expected === 'string' ? expected : expect.stringMatching(expected)]);
    }
    expect(fake.chatRequests.length).toBe(before);
    for (const name of ['pf1', 'pf2', 'pf3']) expect(fs.existsSync(path.join(cwd, 'results', name))).toBe(false);
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

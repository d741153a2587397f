/** `tracehub experiment run --repetitions` (pass@k, flakiness) and `experiment compare` of more than two runs (the matrix), from the built CLI. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';
import { makeWorkspace } from '../../evals/src/testing/test-runs.js';
import { oneLineError, runCli } from './cli-harness.js';

describe('experiment repetitions and multi-run compare', () => {
  let fake: FakeOpenAi;
  let cwd: string;
  /** Calls so far per model, prompt and word: the flaky items answer by it. */
  const calls = new Map<string, number>();
  beforeAll(async () => {
    fake = await startFakeOpenAi((request) => {
      const text = request.messages[0].content;
      const i = Number(/word-(\d+)/.exec(text)?.[1]);
      const prompt = text.startsWith('Please') ? 'v2' : 'v1';
      const key = `${request.model}|${prompt}|${i}`;
      const n = (calls.get(key) ?? 0) + 1;
      calls.set(key, n);
      // m-a with v1 passes items 0–29 of 40, with v2 items 0–37; m-b with v1 items 0–29, with v2 items 0–9.
      // Items 0–3 of m-a/v1 are flaky: they fail every second call.
      const limit = request.model === 'm-a' ? (prompt === 'v1' ? 30 : 38) : prompt === 'v1' ? 30 : 10;
      const flaky = request.model === 'm-a' && prompt === 'v1' && i < 4 && n % 2 === 0;
      return i < limit && !flaky ? `PASS ${i}` : `nope ${i}`;
    });
    cwd = makeWorkspace({ count: 40 });
    fs.mkdirSync(path.join(cwd, 'targets', 'qa2'), { recursive: true });
    fs.writeFileSync(path.join(cwd, 'targets', 'qa2', 'prompt.txt'), 'Please say PASS for {word}.');
  });
  afterAll(() => fake.close());
  const run = (name: string, prompt: string, model: string, extra: string[] = []) =>
    runCli(['experiment', 'run', '-d', 'qa', '-p', prompt, '-m', model, '--base-url', fake.url, '--tracker', 'none', '--no-cache', '--concurrency', '8', '-e', 'keywords,forbidden', '-n', name, ...extra], cwd);

  it('--repetitions gives pass@k and flakiness in the summary, metrics.json and report.md; k is checked before any call', async () => {
    const before = fake.chatRequests.length;
    expect(oneLineError(await run('bad-k', 'qa', 'm-a', ['--repetitions', '2', '--pass-at-k', '1,3']))).toBe(
      'error: --pass-at-k: pass@3 needs at least 3 repetitions of every item; the run has 2 (raise --repetitions or lower k).',
    );
    expect(oneLineError(await run('bad-k', 'qa', 'm-a', ['--pass-at-k', 'one']))).toMatch(/^error: --pass-at-k: k values must be whole numbers/);
    expect(fake.chatRequests.length).toBe(before);

    const reps = await run('reps', 'qa', 'm-a', ['--repetitions', '4', '--concurrency', '1', '--pass-at-k', '1,2,4']);
    expect(reps.stderr).toBe('');
    expect(reps.code).toBe(0);
    // Items 0–3 answer P F P F: pass@1 = (4 × 0.5 + 26) / 40 = 0.7, pass@2 = (4 × (1 − 1/6) + 26) / 40, pass@4 = 30 / 40.
    expect(reps.stdout).toContain(`pass@1 0.7000  pass@2 ${((4 * (5 / 6) + 26) / 40).toFixed(4)}  pass@4 0.7500`);
    expect(reps.stdout).toContain('4 of 40 items flaky (pass/fail flips over 4 outcomes), mean flip rate 0.1000; flakiest: case_000 PFPF (3 flips), case_001 PFPF (3 flips), case_002 PFPF (3 flips), case_003 PFPF (3 flips)');
    const dir = path.join(cwd, 'results', 'reps');
    const metrics = JSON.parse(fs.readFileSync(path.join(dir, 'metrics.json'), 'utf8'));
    expect(metrics.pass_at_k).toMatchObject({ '1': 0.7, '4': 0.75 });
    expect(metrics.flakiness).toMatchObject({ items: 40, flaky_items: 4 });
    const items = fs.readFileSync(path.join(dir, 'items.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(items).toHaveLength(160);
    expect(items.filter((r) => r.item_id === 'case_000').map((r) => [r.key, r.passed, r.scores.keywords.passed])).toEqual([
      ['case_000#1', true, true], ['case_000#2', false, false], ['case_000#3', true, true], ['case_000#4', false, false],
    ]);
    expect(fs.readFileSync(path.join(dir, 'report.md'), 'utf8')).toContain('| case_000 | PFPF | 2 / 4 | 3 | 1 |');

    // A resume may ask for other k values (checked against the stored repetitions); finished repetitions call nothing.
    const calls = fake.chatRequests.length;
    expect(oneLineError(await runCli(['experiment', 'run', '--resume', 'reps', '--pass-at-k', '5'], cwd))).toMatch(/^error: --pass-at-k: pass@5 needs at least 5 repetitions of every item; the run has 4/);
    const resumed = await runCli(['experiment', 'run', '--resume', 'reps', '--pass-at-k', '1,3'], cwd);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(fake.chatRequests.length).toBe(calls);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'metrics.json'), 'utf8')).pass_at_k).toEqual({ '1': 0.7, '3': 0.75 });
  }, 120_000);

  it('compare of several runs prints the prompts × models matrix against a baseline, and pass@k across runs of one configuration', async () => {
    const runs = await Promise.all([run('v1-a', 'qa', 'm-a'), run('v2-a', 'qa2', 'm-a'), run('v1-b', 'qa', 'm-b'), run('v2-b', 'qa2', 'm-b')]);
    runs.push(await run('v1-a-again', 'qa', 'm-a'));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const table = await runCli(['experiment', 'compare', 'v1-a', 'v2-a', 'v1-b', 'v2-b', 'v1-a-again', '--baseline', 'v1-b'], cwd);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^baseline: v1-b \(\S+\); 5 runs compared on the 40 items and the evaluators \(forbidden, keywords\) they all share$/);
    // The pass-rate table: v2-a best and significantly better than v1-b, v2-b significantly worse.
    const passRate = lines.slice(lines.indexOf('pass_rate:'), lines.indexOf('pass_rate:') + 6).join('\n');
    expect(passRate).toMatch(/PROMPT\s+m-a\s+m-b/);
    expect(passRate).toMatch(/qa:local-[0-9a-f]{12}\s+75\.0%\s+75\.0% \(baseline\)/);
    expect(passRate).toMatch(/qa2:local-[0-9a-f]{12}\s+95\.0% ★ \+\s+25\.0% −/);
    // The reps run made 4 calls per item of m-a/v1: v1-a gets the 5th (items 0–3 pass), v1-a-again the 6th (they fail).
    expect(passRate).toMatch(/qa:local-[0-9a-f]{12} \[v1-a-again\]\s+65\.0%/);
    expect(table.stdout).toMatch(/v2-b\s+qa2:local-\S+\s+m-b\s+0\.6250\s+-0\.2500 \[-0\.\d+, -0\.\d+\]\s+25\.0%\s+-0\.5000\s+0\.0000\s+worse/);
    expect(table.stdout).toMatch(/v1-b\s+qa:local-\S+\s+m-b\s+0\.8750\s+—\s+75\.0%\s+—\s+—\s+baseline/);
    expect(table.stdout).toMatch(/qa:local-\S+ × m-a \(v1-a, v1-a-again\): pass@1 0\.7000  pass@2 0\.7500; 4 of 40 items flaky \(pass\/fail flips over 2 outcomes\), mean flip rate 0\.1000; flakiest: case_000 PF \(1 flip\)/);

    const json = JSON.parse((await runCli(['experiment', 'compare', 'v1-a', 'v2-a', 'v1-b', 'v2-b', '--baseline', 'v1-b', '--json'], cwd)).stdout);
    expect(json).toMatchObject({ baseline: { name: 'v1-b' }, columns: ['m-a', 'm-b'], shared: { items: 40, evaluators: ['forbidden', 'keywords'] }, notes: [] });
    const cell = (name: string) => json.cells.find((c: { name: string }) => c.name === name);
    expect(cell('v2-a')).toMatchObject({ best: ['score', 'pass_rate', 'keywords'], verdict: 'better', vs_baseline: { pass_rate: { significant: true, direction: 'better' } } });
    expect(cell('v2-b')).toMatchObject({ verdict: 'worse', values: { pass_rate: 0.25 } });
    expect(cell('v1-b')).toMatchObject({ baseline: true, vs_baseline: null });

    // The gate names the run that is worse; exit non-zero.
    const gate = await runCli(['experiment', 'compare', 'v1-b', 'v2-a', 'v2-b', '--fail-on-regression'], cwd);
    expect(oneLineError(gate)).toMatch(/^error: v2-b: significantly worse than baseline v1-b: score Δ -0\.\d+/);
    expect((await runCli(['experiment', 'compare', 'v1-b', 'v2-a', 'v1-a', '--fail-on-regression'], cwd)).code).toBe(0);
  }, 180_000);

  it('says loudly what the runs do not share, and refuses bad input in one line', async () => {
    expect((await run('kw-only', 'qa2', 'm-b', ['-e', 'keywords', '--limit', '30'])).code).toBe(0);
    const table = await runCli(['experiment', 'compare', 'v1-a', 'v2-a', 'kw-only'], cwd);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n').slice(0, 2)).toEqual([
      'warning: evaluators differ: forbidden missing from kw-only; compared on keywords only',
      'warning: 10 items are not in every run (kw-only lacks 10 (case_030, case_031, case_032, case_033, case_034, …)); compared on the 30 items all runs share',
    ]);
    expect(oneLineError(await runCli(['experiment', 'compare', 'v1-a', 'v2-a', 'kw-only', '--fail-on-regression'], cwd))).toMatch(/^error: kw-only: baseline v1-a has evaluator forbidden and 10 items/);
    expect(oneLineError(await runCli(['experiment', 'compare', 'v1-a', 'v2-a', 'v1-b', '--baseline', 'nope'], cwd))).toBe('error: --baseline nope is none of the compared runs (v1-a, v2-a, v1-b).');
    expect(oneLineError(await runCli(['experiment', 'compare', 'v1-a'], cwd))).toBe('error: compare needs at least two runs, got 1.');
    // Two runs keep the two-run comparison; --baseline picks which one is A.
    const two = await runCli(['experiment', 'compare', 'v2-b', 'v1-b', '--baseline', 'v1-b'], cwd);
    expect(two.stdout).toMatch(/^A \(baseline\): v1-b \(\S+\), B: v2-b/m);
    expect(two.stdout).toContain('verdict: worse');
  }, 120_000);
});

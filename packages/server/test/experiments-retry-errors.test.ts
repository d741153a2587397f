/**
 * Acceptance of issue 14 item 3, "retries that retry", with the built CLI: a judge that answers
 * invalid JSON for some items and then recovers. The run ends with N errors in every place that
 * reports them; `--resume <run> --retry-errors` asks the judge again for exactly those items (an
 * invalid answer is never cached, so never replayed) and the count drops to 0 everywhere;
 * `--no-cache` on a resume makes fresh model calls.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi, type FakeChatRequest, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';
import { makeWorkspace } from '../../evals/src/testing/test-runs.js';
import { oneLineError, runCli } from './cli-harness.js';

const VALID = JSON.stringify({ score: 4, reasoning: 'fine', passed_items: ['PASS'], failed_items: [], suggestions: [] });
/** Items whose judging fails while the judge is broken. */
const BAD = ['3', '7', '11'];
const word = (text: string) => /word-(\d+)/.exec(text)?.[1] ?? '?';
const isJudge = (r: FakeChatRequest) => r.messages[0].role === 'system' && r.messages[0].content.includes('strict evaluator');

describe('experiment run: --resume --retry-errors after an invalid judge', () => {
  let fake: FakeOpenAi;
  let judgeBroken = true;
  beforeAll(async () => {
    fake = await startFakeOpenAi((request) => {
      if (!isJudge(request)) return `PASS for ${word(request.messages[0].content)}`;
      return judgeBroken && BAD.includes(word(request.messages[1].content)) ? 'I would say 4 out of 5.' : VALID;
    });
  });
  afterAll(() => fake.close());

  const since = (start: number) => {
    const requests = fake.chatRequests.slice(start);
    const items = (list: FakeChatRequest[], at: number) => list.map((r) => word(r.messages[at].content)).sort((a, b) => Number(a) - Number(b));
    return { judged: items(requests.filter(isJudge), 1), modelled: items(requests.filter((r) => !isJudge(r)), 0) };
  };

  /** The error count in each place that reports one. */
  function reportedErrors(cwd: string, name: string, stdout: string) {
    const dir = path.join(cwd, 'results', name);
    const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
    return {
      cli: Number(/, (\d+) errors\n/.exec(stdout)?.[1]),
      metrics: JSON.parse(read('metrics.json')).counts.errors,
      csv: Number(read('metrics.csv').split('\n').find((l) => l.startsWith('overall,'))!.split(',')[8]),
      report: Number(/\| errors \| (\d+) \|/.exec(read('report.md'))?.[1]),
      manifest: JSON.parse(read('manifest.json')).counts.errors,
    };
  }
  const everywhere = (n: number) => ({ cli: n, metrics: n, csv: n, report: n, manifest: n });

  it('the error count drops to 0 everywhere after the judge is asked again for exactly the errored items', async () => {
    const cwd = makeWorkspace({ count: 20 });
    const args = ['experiment', 'run', '-d', 'qa', '-p', 'qa', '--base-url', fake.url, '--tracker', 'none', '-e', 'keywords,llm_judge', '--judge-model', 'judge'];
    judgeBroken = true;
    const first = await runCli([...args, '--name', 'judged'], cwd);
    expect(first.code).toBe(1);
    expect(first.stderr).toBe('error: 3 of 20 items have errors (model call or evaluator); re-run them with --resume judged --retry-errors\n');
    expect(reportedErrors(cwd, 'judged', first.stdout)).toEqual(everywhere(3));

    // The judge recovered: only the three errored items are judged again, their model answers come from the cache.
    judgeBroken = false;
    let start = fake.chatRequests.length;
    const retried = await runCli(['experiment', 'run', '--resume', 'judged', '--retry-errors'], cwd);
    expect(retried.stderr).toBe('');
    expect(retried.code).toBe(0);
    expect(since(start)).toEqual({ judged: BAD, modelled: [] });
    expect(reportedErrors(cwd, 'judged', retried.stdout)).toEqual(everywhere(0));
    const items = fs.readFileSync(path.join(cwd, 'results', 'judged', 'items.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(items).toHaveLength(20);
    expect(items.filter((r) => r.scores.llm_judge.status === 'error')).toEqual([]);

    // The same run with another (broken) judge model: model answers come from the cache; --no-cache on the resume calls the model afresh.
    judgeBroken = true;
    start = fake.chatRequests.length;
    const second = await runCli([...args, '--judge-model', 'judge-2', '--name', 'again'], cwd);
    expect(second.code).toBe(1);
    expect(since(start).modelled).toEqual([]);
    judgeBroken = false;
    start = fake.chatRequests.length;
    const fresh = await runCli(['experiment', 'run', '--resume', 'again', '--retry-errors', '--no-cache'], cwd);
    expect(fresh.stderr).toBe('');
    expect(since(start)).toEqual({ judged: BAD, modelled: BAD });
    expect(reportedErrors(cwd, 'again', fresh.stdout)).toEqual(everywhere(0));
  });

  it('a resume refuses flags it would ignore, and --retry-errors needs --resume', async () => {
    const cwd = makeWorkspace({ count: 2 });
    const made = await runCli(['experiment', 'run', '-d', 'qa', '-p', 'qa', '--provider', 'offline', '--tracker', 'none', '-e', 'keywords', '--name', 'small'], cwd);
    expect(made.stderr).toBe('');
    const start = fake.chatRequests.length;
    const changed = await runCli(['experiment', 'run', '--resume', 'small', '-m', 'other-model', '--repetitions', '3'], cwd);
    expect(oneLineError(changed)).toMatch(/^error: --resume continues the run as config\/run_config.json recorded it, so --model, --repetitions cannot change; a resume may be given --retry-errors, --concurrency, --no-cache/);
    expect(oneLineError(await runCli(['experiment', 'run', '-d', 'qa', '-p', 'qa', '--provider', 'offline', '--retry-errors'], cwd))).toBe(
      'error: --retry-errors goes with --resume <run> (it re-runs the errored items of that run).',
    );
    const allowed = await runCli(['experiment', 'run', '--resume', 'small', '--retry-errors', '--no-cache', '--concurrency', '1', '--json'], cwd);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    expect(fake.chatRequests.length).toBe(start);
  });
});

/**
 * LangSmith beside Langfuse during the migration (seeds 000 and 001): `dataset collect --source
 * langsmith` and `dataset upload --to langsmith|langfuse`, the built CLI against a fake LangSmith
 * REST API (recording what was sent) and the built Trace Hub server's Langfuse-compatible API.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeLangSmith, type FakeLangSmith } from '../../evals/src/testing/fake-langsmith-server.js';
import { startFakeOpenAi, type FakeOpenAi } from '../../evals/src/testing/fake-openai-server.js';
import { makeWorkspace } from '../../evals/src/testing/test-runs.js';
import { langsmithExampleId } from '../../evals/src/trackers/langsmith-api.js';
import { langfuseItemId } from '../../evals/src/trackers/langfuse-tracker.js';
import { stopServerProcess, type ServerProcess } from './process.js';
import { api, copyExample, oneLineError, runCli, startBackendServer } from './cli-harness.js';

const NAME = 'prep_output_analyze';
const analyzeInput = (n: number) => ({ interview_question: `질문 ${n}`, user_answer: `답변 ${n}`, position: '백엔드' });

describe('LangSmith in the CLI', () => {
  let ls: FakeLangSmith;
  let server: ServerProcess;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ls = await startFakeLangSmith({ pageSize: 2 });
    server = await startBackendServer('sqlite');
    // Production traces of the interview app in project prompt_eval (newest first: r6 … r1).
    for (let n = 1; n <= 6; n++) {
      const run = ls.addRun('prompt_eval', {
        name: n === 4 ? 'other' : 'interview.analyze',
        // LangSmith answers times without a zone (UTC).
        start_time: `2026-01-${String(20 + n).padStart(2, '0')}T10:00:00.000000`,
        inputs: analyzeInput(n),
        error: n === 3 ? 'RateLimitError' : null,
        extra: { metadata: { session_id: n <= 2 ? 'sess-a' : 'sess-b' } },
      });
      ids[`r${n}`] = run.id;
      // A child run of each trace: never collected on its own.
      ls.addRun('prompt_eval', { name: 'llm', parent_run_id: run.id, trace_id: run.id, start_time: run.start_time, inputs: analyzeInput(100 + n) });
    }
    // An experiment run (linked to a dataset example) and a run of another project.
    ids.exp = ls.addRun('prompt_eval', { name: 'interview.analyze', start_time: '2026-01-27T12:00:00', inputs: analyzeInput(50), reference_example_id: '00000000-0000-4000-8000-000000000001' }).id;
    ls.addRun('other_project', { name: 'interview.analyze', start_time: '2026-01-27T12:00:00', inputs: analyzeInput(60) });
  });
  afterAll(async () => {
    await ls?.close();
    if (server) await stopServerProcess(server);
  });

  const env = () => ({ LANGSMITH_ENDPOINT: ls.url, LANGSMITH_API_KEY: ls.apiKey, LANGSMITH_PROJECT: 'prompt_eval', TRACEHUB_HOST: server.url });
  const collect = (ws: string, extra: Record<string, string>, ...args: string[]) =>
    runCli(['dataset', 'collect', '--name', NAME, '--source', 'langsmith', ...args], ws, { ...env(), ...extra });
  const queries = () => ls.requests.filter((r) => r.url === '/runs/query').map((r) => r.json());
  const cases = (ws: string) => JSON.parse(fs.readFileSync(path.join(ws, 'datasets', NAME, 'test_cases.json'), 'utf8'));

  describe('dataset collect --source langsmith', () => {
    it('resolves the project, reads root runs page by page with the date filters, and keeps whole run ids as case ids', async () => {
      const ws = copyExample();
      ls.requests.length = 0;
      const run = await collect(ws, {}, '--limit', '10', '--since', '2026-01-22', '--until', '2026-01-25');
      expect(run.code, run.stderr).toBe(0);
      expect(ls.requests[0]).toMatchObject({ method: 'GET', url: '/sessions?name=prompt_eval&limit=1' });
      expect(ls.requests.every((r) => r.headers['x-api-key'] === ls.apiKey)).toBe(true);
      const bodies = queries();
      const project = ls.sessions.find((s) => s.name === 'prompt_eval')!.id;
      expect(bodies[0]).toMatchObject({ session: [project], is_root: true, start_time: '2026-01-22T00:00:00.000Z', filter: 'lt(start_time, "2026-01-26T00:00:00.000Z")', order: 'desc' });
      expect(bodies[0].cursor).toBeUndefined();
      // Four runs from Jan 22 to Jan 25, two a page: the second page is asked for with the cursor.
      expect(bodies).toHaveLength(2);
      expect(bodies[1].cursor).toEqual(expect.any(String));
      const added = cases(ws).slice(3);
      expect(added.map((c: { langsmith_trace_id: string }) => c.langsmith_trace_id)).toEqual([ids.r5, ids.r4, ids.r3, ids.r2]);
      expect(added[0]).toMatchObject({ id: `trace_${ids.r5}`, inputs: { question: '질문 5', answer: '답변 5', position: '백엔드' } });
      expect(added[0].description).toBe(`Collected from langsmith trace ${ids.r5} "interview.analyze" in session sess-b at 2026-01-25T10:00:00.000Z`);
      expect(run.stdout).toContain('Added 4 case(s)');
    });

    it('passes --trace-name, --session and --status as LangSmith filters; skips experiment runs unless asked', async () => {
      const dry = async (...args: string[]) => {
        const run = await collect(copyExample(), {}, '--dry-run', '--json', ...args);
        expect(run.code, run.stderr).toBe(0);
        return JSON.parse(run.stdout);
      };
      ls.requests.length = 0;
      const named = await dry('--trace-name', 'interview.analyze', '--session', 'sess-a');
      expect(named.cases.map((c: { langsmith_trace_id: string }) => c.langsmith_trace_id)).toEqual([ids.r2, ids.r1]);
      expect(queries()[0].filter).toBe('and(eq(name, "interview.analyze"), and(in(metadata_key, ["session_id", "thread_id", "conversation_id"]), eq(metadata_value, "sess-a")))');
      ls.requests.length = 0;
      const errors = await dry('--status', 'error');
      expect(queries()[0].error).toBe(true);
      expect(errors.cases.map((c: { langsmith_trace_id: string }) => c.langsmith_trace_id)).toEqual([ids.r3]);
      const all = await dry('--since', '2026-01-27');
      expect(all).toMatchObject({ added: 0, experiment_traces: 1 });
      const withExperiments = await dry('--since', '2026-01-27', '--include-experiments');
      expect(withExperiments.cases.map((c: { id: string }) => c.id)).toEqual([`trace_${ids.exp}`]);
      const other = await dry('--project', 'other_project');
      expect(other.cases).toHaveLength(1);
    });

    it('--overwrite keeps the ids and expectations of runs collected again and reports removals, also in the dry run', async () => {
      const ws = copyExample();
      expect((await collect(ws, {}, '--since', '2026-01-24')).stdout).toContain('Added 3 case(s)');
      const expectedFile = path.join(ws, 'datasets', NAME, 'expected.json');
      const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
      expected[`trace_${ids.r6}`] = { keywords: ['캐시'], forbidden: [], reference: {} };
      fs.writeFileSync(expectedFile, JSON.stringify(expected));
      const dry = await collect(ws, {}, '--since', '2026-01-26', '--overwrite', '--dry-run');
      expect(dry.stdout).toContain('0 new case(s), 1 collected again (expectations kept), 5 removed');
      expect(dry.stdout).toContain(`= trace_${ids.r6}`);
      expect(dry.stdout).toContain('- case_001');
      expect(dry.stdout).toContain(`- trace_${ids.r5}`);
      const run = await collect(ws, {}, '--since', '2026-01-26', '--overwrite', '--json');
      const summary = JSON.parse(run.stdout);
      expect(summary).toMatchObject({ added: 0, recollected: 1, removed: 5 });
      expect([...summary.removed_ids].sort()).toEqual(['case_001', 'case_002', 'case_003', `trace_${ids.r5}`, `trace_${ids.r4}`].sort());
      expect(cases(ws).map((c: { id: string }) => c.id)).toEqual([`trace_${ids.r6}`]);
      expect(JSON.parse(fs.readFileSync(expectedFile, 'utf8'))[`trace_${ids.r6}`]).toEqual({ keywords: ['캐시'], forbidden: [], reference: {} });
    });

    it('fails with one line on a missing or refused key, an unknown project or an unreachable endpoint, writing nothing', async () => {
      const ws = copyExample();
      const before = fs.readFileSync(path.join(ws, 'datasets', NAME, 'test_cases.json'), 'utf8');
      expect(oneLineError(await collect(ws, { LANGSMITH_API_KEY: '' }))).toContain('--source langsmith needs LANGSMITH_API_KEY');
      expect(oneLineError(await collect(ws, { LANGSMITH_API_KEY: 'nope' }))).toContain('LangSmith refused the request (401)');
      expect(oneLineError(await collect(ws, {}, '--project', 'missing'))).toContain('LangSmith has no project named "missing"');
      expect(oneLineError(await collect(ws, { LANGSMITH_ENDPOINT: 'http://127.0.0.1:9' }))).toContain('Cannot reach LangSmith at http://127.0.0.1:9');
      expect(oneLineError(await runCli(['dataset', 'collect', '--name', NAME, '--project', 'x'], ws, env()))).toContain('--project is only used with --source langsmith');
      expect(fs.readFileSync(path.join(ws, 'datasets', NAME, 'test_cases.json'), 'utf8')).toBe(before);
    });
  });

  describe('dataset upload --to', () => {
    const upload = (ws: string, extra: Record<string, string>, ...args: string[]) => runCli(['dataset', 'upload', '--name', NAME, ...args], ws, { ...env(), ...extra });
    const langfuseEnv = () => ({ LANGFUSE_HOST: server.url, LANGFUSE_PUBLIC_KEY: 'pk-lf-test', LANGFUSE_SECRET_KEY: 'dev-key' });

    it('langsmith: creates the dataset and one example per case; uploading again adds nothing, a changed case is updated', async () => {
      const ws = copyExample();
      const first = await upload(ws, {}, '--to', 'langsmith');
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain(`LangSmith dataset "${NAME}" at ${ls.url} (created): 3 added, 0 updated, 0 unchanged.`);
      const dataset = ls.datasets.find((d) => d.name === NAME)!;
      const examples = ls.examples.filter((e) => e.dataset_id === dataset.id);
      expect(examples.map((e) => e.id).sort()).toEqual(['case_001', 'case_002', 'case_003'].map((id) => langsmithExampleId(NAME, id)).sort());
      const expected = JSON.parse(fs.readFileSync(path.join(ws, 'datasets', NAME, 'expected.json'), 'utf8'));
      expect(examples.find((e) => e.metadata.tracehub_item_id === 'case_001')).toMatchObject({
        inputs: { position: '백엔드 개발자', question: '트래픽이 급증했을 때 대응한 경험이 있나요?' },
        outputs: expected.case_001,
        metadata: { description: '구체적인 수치가 있는 좋은 답변' },
      });
      ls.requests.length = 0;
      const again = await upload(ws, {}, '--to', 'langsmith', '--json');
      expect(JSON.parse(again.stdout).targets).toEqual([expect.objectContaining({ target: 'langsmith', created: false, added: 0, updated: 0, unchanged: 3, not_in_upload: 0 })]);
      expect(ls.requests.filter((r) => r.url.startsWith('/examples/bulk'))).toHaveLength(0);
      expected.case_002 = { keywords: ['수치'], forbidden: [], reference: {} };
      fs.writeFileSync(path.join(ws, 'datasets', NAME, 'expected.json'), JSON.stringify(expected));
      const changed = await upload(ws, {}, '--to', 'langsmith');
      expect(changed.stdout).toContain('0 added, 1 updated, 2 unchanged');
      const patch = ls.requests.find((r) => r.method === 'PATCH' && r.url === '/examples/bulk')!.json();
      expect(patch).toEqual([expect.objectContaining({ id: langsmithExampleId(NAME, 'case_002'), outputs: { keywords: ['수치'], forbidden: [], reference: {} } })]);
      expect(ls.examples.filter((e) => e.dataset_id === dataset.id)).toHaveLength(3);
    });

    it('langfuse (Trace Hub\'s Langfuse-compatible API): items under the langfuse tracker\'s ids; uploading again sends nothing', async () => {
      const ws = copyExample();
      const name = 'prep_output_questions';
      const run = await runCli(['dataset', 'upload', '--name', name, '--to', 'langfuse'], ws, { ...env(), ...langfuseEnv() });
      expect(run.code, run.stderr).toBe(0);
      const count = JSON.parse(fs.readFileSync(path.join(ws, 'datasets', name, 'test_cases.json'), 'utf8')).length;
      expect(run.stdout).toContain(`Langfuse dataset "${name}" at ${server.url} (created): ${count} added, 0 updated, 0 unchanged.`);
      // Through the Langfuse API the items land in Trace Hub under the langfuse tracker's item ids.
      const items = await fetch(`${server.url}/api/public/dataset-items?datasetName=${name}&limit=100`, {
        headers: { authorization: `Basic ${Buffer.from('pk-lf-test:dev-key').toString('base64')}` },
      }).then((r) => r.json() as Promise<{ data: Array<{ id: string }> }>);
      const firstCase = JSON.parse(fs.readFileSync(path.join(ws, 'datasets', name, 'test_cases.json'), 'utf8'))[0];
      const item = items.data.find((i) => i.id === langfuseItemId(name, firstCase.id));
      expect(item).toMatchObject({ input: firstCase.inputs, metadata: { tracehub_item_id: firstCase.id } });
      const again = await runCli(['dataset', 'upload', '--name', name, '--to', 'langfuse', '--json'], ws, { ...env(), ...langfuseEnv() });
      expect(JSON.parse(again.stdout).targets[0]).toMatchObject({ target: 'langfuse', added: 0, updated: 0, unchanged: count });
      const expectedFile = path.join(ws, 'datasets', name, 'expected.json');
      const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8'));
      expected[firstCase.id] = { keywords: ['바뀐 기대'], forbidden: [], reference: {} };
      fs.writeFileSync(expectedFile, JSON.stringify(expected));
      const changed = await runCli(['dataset', 'upload', '--name', name, '--to', 'langfuse', '--json'], ws, { ...env(), ...langfuseEnv() });
      expect(JSON.parse(changed.stdout).targets[0]).toMatchObject({ added: 0, updated: 1, unchanged: count - 1 });
      const updated = await fetch(`${server.url}/api/public/dataset-items/${langfuseItemId(name, firstCase.id)}`, {
        headers: { authorization: `Basic ${Buffer.from('pk-lf-test:dev-key').toString('base64')}` },
      }).then((r) => r.json() as Promise<{ expectedOutput: unknown }>);
      expect(updated.expectedOutput).toEqual({ keywords: ['바뀐 기대'], forbidden: [], reference: {} });
    });

    it('--to tracehub+langsmith uploads to both; --from-server re-uploads the server version to the same examples', async () => {
      const ws = copyExample();
      const name = 'prep_generate';
      const both = await runCli(['dataset', 'upload', '--name', name, '--to', 'tracehub+langsmith'], ws, env());
      expect(both.code, both.stderr).toBe(0);
      expect(both.stdout).toMatch(new RegExp(`Created version 1 of dataset "${name}"[^]*LangSmith dataset "${name}" at .* \\(created\\): \\d+ added`));
      const detail = await api(server, 'GET', `/datasets/${name}`);
      const dataset = ls.datasets.find((d) => d.name === name)!;
      expect(ls.examples.filter((e) => e.dataset_id === dataset.id).map((e) => e.metadata.tracehub_item_id).sort()).toEqual(detail.body.items.map((i: { id: string }) => i.id).sort());
      // Without the local folder: the items come from the server's version 1, and match the examples already there.
      fs.rmSync(path.join(ws, 'datasets', name), { recursive: true });
      const again = await runCli(['dataset', 'upload', '--name', name, '--from-server', '--version', '1', '--to', 'langsmith', '--json'], ws, env());
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout).targets[0]).toMatchObject({ added: 0, updated: 0, unchanged: detail.body.items.length });
    });

    it('refuses bad combinations with one line', async () => {
      const ws = copyExample();
      expect(oneLineError(await upload(ws, {}, '--to', 'phoenix'))).toContain('--to takes a +-joined set of tracehub, langsmith, langfuse, got "phoenix"');
      expect(oneLineError(await upload(ws, {}, '--version', '2'))).toContain('--version needs --from-server');
      expect(oneLineError(await upload(ws, {}, '--from-server'))).toContain('--from-server uploads a server dataset to --to langsmith and/or langfuse');
      expect(oneLineError(await upload(ws, { LANGSMITH_API_KEY: '' }, '--to', 'langsmith'))).toContain('--to langsmith needs LANGSMITH_API_KEY');
      expect(oneLineError(await upload(ws, { LANGFUSE_PUBLIC_KEY: '', LANGFUSE_SECRET_KEY: '' }, '--to', 'langfuse'))).toContain('--to langfuse needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY');
      const csv = path.join(ws, 'items.csv');
      fs.writeFileSync(csv, 'question,answer\n질문,답변\n');
      expect(oneLineError(await upload(ws, {}, '--csv', csv, '--to', 'langsmith'))).toContain('--to langsmith needs an id for every item; give --id-column');
    });
  });

  describe('experiment run with the langsmith tracker', () => {
    let openai: FakeOpenAi;
    beforeAll(async () => {
      openai = await startFakeOpenAi(() => 'PASS');
    });
    afterAll(async () => {
      await openai?.close();
    });
    const experiment = (cwd: string, extra: Record<string, string>, ...args: string[]) =>
      runCli(['experiment', 'run', '-d', 'qa', '-p', 'qa', '--base-url', openai.url, '-e', 'keywords', ...args], cwd, { ...env(), TRACEHUB_TRACKERS: '', ...extra });

    it('--backend langsmith (seed 001) sends the dataset, an experiment, one run per item and its scores', async () => {
      const cwd = makeWorkspace({ count: 2 });
      const run = await experiment(cwd, {}, '--tracker', 'none', '--backend', 'langsmith', '-n', 'ls-run');
      expect(run.code, run.stderr).toBe(0);
      const dataset = ls.datasets.find((d) => d.name === 'qa')!;
      const session = ls.sessions.find((s) => s.reference_dataset_id === dataset.id && s.name.startsWith('ls-run ('))!;
      const runs = ls.runs.filter((r) => r.session_id === session.id);
      expect(runs.map((r) => r.reference_example_id).sort()).toEqual(['case_000', 'case_001'].map((id) => langsmithExampleId('qa', id)).sort());
      expect(ls.feedback.filter((f) => runs.some((r) => r.id === f.run_id)).map((f) => f.key)).toEqual(['keywords', 'keywords']);
      expect(session.end_time).toEqual(expect.any(String));
    });

    it('a langsmith tracker without its key, or a bad --backend, fails before any model call', async () => {
      const cwd = makeWorkspace({ count: 2 });
      const before = openai.chatRequests.length;
      expect(oneLineError(await experiment(cwd, { LANGSMITH_API_KEY: '' }, '--tracker', 'langsmith'))).toMatch(
        /Tracker check failed, no model was called: langsmith: LANGSMITH_API_KEY is not set/,
      );
      expect(oneLineError(await experiment(cwd, { LANGFUSE_PUBLIC_KEY: '', LANGFUSE_SECRET_KEY: '' }, '--tracker', 'none', '--backend', 'both'))).toMatch(
        /no model was called: langfuse: LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY are not set/,
      );
      expect(oneLineError(await experiment(cwd, {}, '--backend', 'wandb'))).toContain('--backend must be langsmith, langfuse or both, got "wandb"');
      expect(openai.chatRequests.length).toBe(before);
    });
  });
});

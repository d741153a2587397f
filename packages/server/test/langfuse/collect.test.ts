/**
 * Seed 000: `tracehub dataset collect --source langfuse` pointed at Trace Hub's own `/api/public`
 * (LANGFUSE_HOST = the server, the project's key as secret) collects the same test cases as
 * `--source tracehub` over the same traces, for every filter: dates, session, status, trace name,
 * limit, paging past Langfuse's page size and inputs longer than the list answers' text limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopServerProcess, type ServerProcess } from '../process.js';
import { api, copyExample, runCli, startBackendServer } from '../cli-harness.js';

const analyzeInput = (n: number, position = '백엔드') => ({ interview_question: `질문 ${n}`, user_answer: `답변 ${n}`, position });

/** [id, name, session, status, start, input]: as the interview app's tracing sends them, each with a root span. */
const TRACES: Array<[string, string, string, 'success' | 'error', string, unknown]> = [
  ['a1', 'interview.analyze', 's-1', 'success', '2026-01-26T10:00:00Z', analyzeInput(1)],
  ['a2', 'interview.analyze', 's-1', 'success', '2026-01-27T10:00:00.123456Z', analyzeInput(2, '프론트엔드')],
  ['a3', 'interview.analyze', 's-2', 'error', '2026-01-28T10:00:00Z', analyzeInput(3)],
  ['a4', 'interview.analyze', 's-2', 'success', '2026-01-20T10:00:00Z', analyzeInput(4)],
  ['a5', 'interview.analyze', 's-3', 'success', '2026-01-29T10:00:00Z', analyzeInput(1)],
  ['a6', 'interview.analyze', 's-3', 'success', '2026-01-29T11:00:00Z', null],
  ['a7', 'interview.analyze', 's-4', 'success', '2026-01-29T12:00:00Z', { ...analyzeInput(7), user_answer: '긴 답변 '.repeat(600) }],
  ['f1', 'faq', 's-9', 'success', '2026-01-26T09:00:00Z', '환불은 며칠 안에 가능한가요?'],
  // More than one Langfuse page (50) of one name.
  ...Array.from({ length: 55 }, (_, i): [string, string, string, 'success', string, unknown] => [
    `b${i}`, 'interview.bulk', `s-bulk-${i % 4}`, 'success', new Date(Date.UTC(2026, 1, 1, 0, i)).toISOString(), analyzeInput(100 + i),
  ]),
];

describe('dataset collect: --source langfuse over Trace Hub\'s /api/public = --source tracehub', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startBackendServer('sqlite');
    for (const [id, name, session, status, start, input] of TRACES) {
      const end = new Date(Date.parse(start) + 1000).toISOString();
      const res = await api(server, 'POST', '/ingest/traces', {
        trace: {
          trace_id: id, name, session_id: session, status, start_time: start, end_time: end,
          input_text: input === null ? null : typeof input === 'string' ? input : JSON.stringify(input),
        },
        spans: [{ span_id: `${id}-root`, name, span_type: 'chain', status, start_time: start, end_time: end }],
      });
      expect(res.status).toBe(200);
    }
  });
  afterAll(async () => {
    if (server) await stopServerProcess(server);
  });

  /** The cases one source collects (dry run), with the provenance that names the source made neutral. */
  const collect = async (source: 'tracehub' | 'langfuse', dataset: string, args: string[]) => {
    const env: Record<string, string> = source === 'langfuse'
      ? { LANGFUSE_HOST: server.url, LANGFUSE_PUBLIC_KEY: 'pk-lf-collect', LANGFUSE_SECRET_KEY: 'dev-key' }
      : { TRACEHUB_HOST: server.url };
    const run = await runCli(['dataset', 'collect', '--name', dataset, '--source', source, '--dry-run', '--json', ...args], copyExample(), env);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    const cases = result.cases.map(({ source_trace_id, langfuse_trace_id, description, ...rest }: Record<string, string>) => ({
      ...rest, trace: source_trace_id ?? langfuse_trace_id, description: description.replace(`from ${source} trace`, 'from <source> trace'),
    }));
    return { cases, counts: { added: result.added, duplicates: result.duplicates, without_input: result.without_input, mismatched: result.mismatched } };
  };

  const same = async (dataset: string, ...args: string[]) => {
    const [tracehub, langfuse] = await Promise.all([collect('tracehub', dataset, args), collect('langfuse', dataset, args)]);
    expect(langfuse).toEqual(tracehub);
    return tracehub;
  };

  it('collects the same cases as seed 000 runs it (--limit 10 --since 2026-01-25), including a long input', async () => {
    const result = await same('prep_output_analyze', '--limit', '10', '--since', '2026-01-25', '--trace-name', 'interview.analyze');
    // a1 repeats a5's input: the newer one is kept.
    expect(result.cases.map((c: { trace: string }) => c.trace)).toEqual(['a7', 'a5', 'a3', 'a2']);
    expect(result.counts).toMatchObject({ added: 4, duplicates: 1, without_input: 1 });
    expect(result.cases[0].inputs.answer).toHaveLength('긴 답변 '.length * 600);
    expect(result.cases[3].description).toBe('Collected from <source> trace a2 "interview.analyze" in session s-1 at 2026-01-27T10:00:00.123Z');
  });

  it('collects the same cases for dates, session, status, name and limit filters', async () => {
    expect((await same('prep_output_analyze', '--until', '2026-01-26', '--trace-name', 'interview.analyze')).cases.map((c: { trace: string }) => c.trace)).toEqual(['a1', 'a4']);
    expect((await same('prep_output_analyze', '--session', 's-2')).cases.map((c: { trace: string }) => c.trace)).toEqual(['a3', 'a4']);
    expect((await same('prep_output_analyze', '--status', 'error')).cases.map((c: { trace: string }) => c.trace)).toEqual(['a3']);
    expect((await same('prep_output_analyze', '--status', 'success', '--trace-name', 'interview.analyze')).cases).toHaveLength(4);
    expect((await same('prep_output_analyze', '--limit', '2', '--trace-name', 'interview.analyze')).cases).toHaveLength(2);
    expect((await same('prep_output_analyze', '--since', '2026-01-26T12:00:00Z', '--until', '2026-01-28T00:00:00Z')).cases.map((c: { trace: string }) => c.trace)).toEqual(['a2']);
  });

  it('collects the same cases across several Langfuse pages', async () => {
    const bulk = await same('prep_output_analyze', '--trace-name', 'interview.bulk', '--limit', '100');
    expect(bulk.cases).toHaveLength(55);
    expect(bulk.cases[0].trace).toBe('b54');
    const session = await same('prep_output_analyze', '--trace-name', 'interview.bulk', '--session', 's-bulk-1', '--limit', '100');
    expect(session.cases).toHaveLength(14);
  });
});

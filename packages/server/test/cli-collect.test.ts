/**
 * `tracehub dataset collect` against the built server (--source tracehub) and a fake Langfuse
 * public API (--source langfuse), as seeds/000 Phase 9 describes.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopServerProcess, type ServerProcess } from './process.js';
import { api, copyExample, oneLineError, runCli, startBackendServer } from './cli-harness.js';

const EXISTING = {
  position: '백엔드 개발자',
  question: '트래픽이 급증했을 때 대응한 경험이 있나요?',
  answer: '이벤트 기간에 주문 API 응답 시간이 3초까지 늘어, 조회 쿼리에 인덱스를 추가하고 Redis 캐시를 도입해 200ms로 줄였습니다.',
};
const analyzeInput = (n: number, position = '백엔드') => ({ interview_question: `질문 ${n}`, user_answer: `답변 ${n}`, position });

/** Production traces of the interview app (name, session, status, day, input). */
const TRACES: Array<[string, string, string, 'success' | 'error', string, unknown]> = [
  ['a1', 'interview.analyze', 's-1', 'success', '2026-01-26T10:00:00Z', analyzeInput(1)],
  ['a2', 'interview.analyze', 's-1', 'success', '2026-01-27T10:00:00Z', analyzeInput(2, '프론트엔드')],
  ['a3', 'interview.analyze', 's-2', 'error', '2026-01-28T10:00:00Z', analyzeInput(3)],
  ['a4', 'interview.analyze', 's-2', 'success', '2026-01-20T10:00:00Z', analyzeInput(4)],
  ['a5', 'interview.analyze', 's-3', 'success', '2026-01-29T10:00:00Z', { interview_question: EXISTING.question, user_answer: EXISTING.answer, position: EXISTING.position }],
  ['a6', 'interview.analyze', 's-3', 'success', '2026-01-29T11:00:00Z', null],
  ['f1', 'faq', 's-9', 'success', '2026-01-26T09:00:00Z', '환불은 며칠 안에 가능한가요?'],
  ['f2', 'faq', 's-9', 'success', '2026-01-26T09:05:00Z', '배송 조회는 어디서 하나요?'],
];

/** Longer than the 24 characters case ids used to keep. */
const EXPERIMENT_TRACE = 'exp0123456789abcdef0123456789abcdef-run1';

describe('tracehub dataset collect', () => {
  let server: ServerProcess;
  const collect = (ws: string, ...args: string[]) => runCli(['dataset', 'collect', ...args], ws, { TRACEHUB_HOST: server.url });
  const files = (ws: string, name: string) => {
    const dir = path.join(ws, 'datasets', name);
    const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : null);
    return { cases: read('test_cases.json'), expected: read('expected.json') };
  };
  const parsed = (ws: string, name: string) => {
    const f = files(ws, name);
    return { cases: JSON.parse(f.cases ?? '[]'), expected: JSON.parse(f.expected ?? '{}') };
  };

  beforeAll(async () => {
    server = await startBackendServer('sqlite');
    for (const [id, name, session, status, start, input] of TRACES) {
      const res = await api(server, 'POST', '/ingest/traces', {
        trace: { trace_id: id, name, session_id: session, status, start_time: start, input_text: input === null ? null : typeof input === 'string' ? input : JSON.stringify(input) },
      });
      expect(res.status).toBe(200);
    }
    // A trace as `tracehub experiment run` writes it (the tracehub tracker): never collected unless asked.
    const res = await api(server, 'POST', '/ingest/traces', {
      trace: { trace_id: EXPERIMENT_TRACE, name: 'interview.analyze', session_id: 's-1', status: 'success', start_time: '2026-01-30T10:00:00Z', environment: 'experiment', tags: ['experiment', 'run:r1'], input_text: JSON.stringify(analyzeInput(7)) },
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    if (server) await stopServerProcess(server);
  });

  it('--dry-run prints the new cases and writes nothing', async () => {
    const ws = copyExample();
    const before = files(ws, 'prep_output_analyze');
    const run = await collect(ws, '--name', 'prep_output_analyze', '--source', 'tracehub', '--limit', '10', '--since', '2026-01-25', '--trace-name', 'interview.analyze', '--dry-run', '--json');
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ dry_run: true, added: 3, duplicates: 1, without_input: 1, files: null });
    expect(result.cases.map((c: { source_trace_id: string }) => c.source_trace_id)).toEqual(['a3', 'a2', 'a1']);
    expect(files(ws, 'prep_output_analyze')).toEqual(before);
    const human = await collect(ws, '--name', 'prep_output_analyze', '--since', '2026-01-25', '--dry-run');
    expect(human.stdout).toContain('Dry run: would add 3 case(s)');
    expect(files(ws, 'prep_output_analyze')).toEqual(before);
  });

  it('adds mapped cases and stubs only for new cases; collecting the same traces again adds nothing', async () => {
    const ws = copyExample();
    const before = parsed(ws, 'prep_output_analyze');
    const run = await collect(ws, '--name', 'prep_output_analyze', '--source', 'tracehub', '--limit', '10', '--since', '2026-01-25');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Added 3 case(s)');
    const after = parsed(ws, 'prep_output_analyze');
    expect(after.cases.slice(0, 3)).toEqual(before.cases);
    const added = after.cases.slice(3);
    expect(added.map((c: { id: string }) => c.id)).toEqual(['trace_a3', 'trace_a2', 'trace_a1']);
    expect(added[2]).toMatchObject({ inputs: { position: '백엔드', question: '질문 1', answer: '답변 1' }, source_trace_id: 'a1' });
    expect(added[2].description).toContain('tracehub trace a1');
    expect(after.expected).toEqual({
      ...before.expected,
      trace_a3: { keywords: [], forbidden: [], reference: {} },
      trace_a2: { keywords: [], forbidden: [], reference: {} },
      trace_a1: { keywords: [], forbidden: [], reference: {} },
    });

    const snapshot = files(ws, 'prep_output_analyze');
    const again = await collect(ws, '--name', 'prep_output_analyze', '--source', 'tracehub', '--limit', '10', '--since', '2026-01-25', '--append', '--json');
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, duplicates: 4 });
    expect(files(ws, 'prep_output_analyze')).toEqual(snapshot);

    // The collected files upload as they are.
    const upload = await runCli(['dataset', 'upload', '--name', 'prep_output_analyze', '--json'], ws, { TRACEHUB_HOST: server.url });
    expect(JSON.parse(upload.stdout)).toMatchObject({ added: 6 });
    const item = (await api(server, 'GET', '/datasets/prep_output_analyze')).body.items.find((i: { id: string }) => i.id === 'trace_a1');
    expect(item).toMatchObject({ source_trace_id: 'a1', expected_output: { keywords: [], forbidden: [], reference: {} } });
  });

  it('filters by date range, session, status, name and limit', async () => {
    const ids = async (...args: string[]) => {
      const run = await collect(copyExample(), '--name', 'prep_output_analyze', '--trace-name', 'interview.analyze', '--dry-run', '--json', ...args);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout).cases.map((c: { source_trace_id: string }) => c.source_trace_id);
    };
    expect(await ids('--until', '2026-01-26')).toEqual(['a1', 'a4']);
    expect(await ids('--since', '2026-01-26T12:00:00Z', '--until', '2026-01-28T00:00:00Z')).toEqual(['a2']);
    expect(await ids('--session', 's-2')).toEqual(['a3', 'a4']);
    expect(await ids('--status', 'error')).toEqual(['a3']);
    expect(await ids('--limit', '2')).toEqual(['a3', 'a2']);
    expect(oneLineError(await collect(copyExample(), '--name', 'x', '--since', 'yesterday'))).toContain('--since "yesterday" is not a date');
    expect(oneLineError(await collect(copyExample(), '--name', 'x', '--append', '--overwrite'))).toContain('not both');
    expect(oneLineError(await collect(copyExample(), '--name', 'x', '--source', 'jaeger'))).toContain('--source must be tracehub, langfuse or langsmith');
  });

  it('warns naming the keys when trace input keys do not match the placeholders; input_mapping fixes it', async () => {
    const ws = copyExample();
    const config = path.join(ws, 'datasets/prep_output_analyze/config.yaml');
    const mapping = fs.readFileSync(config, 'utf8');
    fs.rmSync(config);
    const before = files(ws, 'prep_output_analyze');
    const run = await collect(ws, '--name', 'prep_output_analyze', '--since', '2026-01-25', '--trace-name', 'interview.analyze');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('warning: 4 trace(s)');
    expect(run.stderr).toContain('missing placeholder(s) "question", "answer"');
    expect(run.stderr).toContain('unmatched trace key(s) "interview_question", "user_answer"');
    expect(run.stderr).toContain('input_mapping');
    expect(files(ws, 'prep_output_analyze')).toEqual(before);

    fs.writeFileSync(config, mapping);
    const fixed = await collect(ws, '--name', 'prep_output_analyze', '--since', '2026-01-25', '--trace-name', 'interview.analyze', '--json');
    expect(fixed.stderr).not.toContain('warning');
    expect(JSON.parse(fixed.stdout)).toMatchObject({ added: 3, mismatched: 0 });
  });

  it('maps plain-text inputs onto the prompt\'s single placeholder, and --overwrite replaces the cases', async () => {
    const ws = copyExample();
    fs.mkdirSync(path.join(ws, 'targets/faq_answer'));
    fs.writeFileSync(path.join(ws, 'targets/faq_answer/prompt.txt'), '고객 질문에 답하세요: {user_query}\n');
    const run = await collect(ws, '--name', 'faq_answer', '--trace-name', 'faq');
    expect(run.code, run.stderr).toBe(0);
    expect(parsed(ws, 'faq_answer').cases.map((c: { inputs: unknown }) => c.inputs)).toEqual([
      { user_query: '배송 조회는 어디서 하나요?' },
      { user_query: '환불은 며칠 안에 가능한가요?' },
    ]);

    const over = await collect(ws, '--name', 'prep_output_analyze', '--session', 's-1', '--overwrite');
    expect(over.code, over.stderr).toBe(0);
    const after = parsed(ws, 'prep_output_analyze');
    expect(after.cases.map((c: { id: string }) => c.id)).toEqual(['trace_a2', 'trace_a1']);
    expect(Object.keys(after.expected)).toEqual(['trace_a2', 'trace_a1']);
  });

  it('--overwrite reports removals (and --dry-run shows them); a trace collected again keeps its case id and hand-written expectations', async () => {
    const ws = copyExample();
    const first = await collect(ws, '--name', 'prep_output_analyze', '--session', 's-1', '--overwrite');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('2 new case(s), 0 collected again (expectations kept), 3 removed');
    expect(first.stdout).not.toContain('Added');
    const expectedFile = path.join(ws, 'datasets/prep_output_analyze/expected.json');
    const handWritten = { keywords: ['인덱스'], forbidden: ['주민등록번호'], reference: { note: '사람이 쓴 기대값' } };
    fs.writeFileSync(expectedFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(expectedFile, 'utf8')), trace_a1: handWritten }, null, 2));

    // a1 again, a4 new, a2 goes.
    const before = files(ws, 'prep_output_analyze');
    const args = ['--name', 'prep_output_analyze', '--until', '2026-01-26', '--trace-name', 'interview.analyze', '--overwrite'];
    const dry = await collect(ws, ...args, '--dry-run');
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would replace the cases of datasets/prep_output_analyze/test_cases.json with 1 new case(s), 1 collected again (expectations kept), 1 removed');
    expect(dry.stdout).toContain('  - trace_a2:');
    expect(dry.stdout).toContain('  = trace_a1:');
    expect(dry.stdout).toContain('  + trace_a4:');
    expect(files(ws, 'prep_output_analyze')).toEqual(before);
    const json = JSON.parse((await collect(ws, ...args, '--dry-run', '--json')).stdout);
    expect(json).toMatchObject({ added: 1, recollected: 1, removed: 1, removed_ids: ['trace_a2'] });

    const run = await collect(ws, ...args);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('1 new case(s), 1 collected again (expectations kept), 1 removed');
    expect(run.stdout).toContain('Removed: trace_a2');
    const after = parsed(ws, 'prep_output_analyze');
    expect(after.cases.map((c: { id: string }) => c.id)).toEqual(['trace_a1', 'trace_a4']);
    expect(after.expected).toEqual({ trace_a1: handWritten, trace_a4: { keywords: [], forbidden: [], reference: {} } });
  });

  it('skips traces written by experiment runs unless --include-experiments; case ids keep the whole trace id', async () => {
    const base = ['--name', 'prep_output_analyze', '--session', 's-1', '--dry-run'];
    const skipped = await collect(copyExample(), ...base, '--json');
    expect(JSON.parse(skipped.stdout)).toMatchObject({ added: 2, experiment_traces: 1 });
    const human = await collect(copyExample(), ...base);
    expect(human.stdout).toContain('1 experiment trace(s) skipped (--include-experiments to collect them)');
    const included = JSON.parse((await collect(copyExample(), ...base, '--include-experiments', '--json')).stdout);
    expect(included).toMatchObject({ added: 3, experiment_traces: 0 });
    expect(included.cases[0]).toMatchObject({ id: `trace_${EXPERIMENT_TRACE}`, source_trace_id: EXPERIMENT_TRACE });
  });

  describe('--source langfuse', () => {
    const PUBLIC = 'pk-lf-test';
    const SECRET = 'sk-lf-test';
    const requests: Array<{ path: string; query: Record<string, string> }> = [];
    let langfuse: http.Server;
    let host: string;
    const LF = Array.from({ length: 7 }, (_, i) => ({
      id: `lf-${i + 1}`,
      name: i === 6 ? 'other' : 'interview.analyze',
      timestamp: `2026-01-${String(20 + i).padStart(2, '0')}T10:00:00.000Z`,
      sessionId: i < 3 ? 'sess-a' : 'sess-b',
      input: i === 5 ? analyzeInput(1) : analyzeInput(100 + i),
      output: 'ok',
    }));
    // As the langfuse experiment tracker writes an item's trace.
    const LF_EXPERIMENT = { id: 'lf-exp', name: 'interview.analyze', timestamp: '2026-01-27T12:00:00.000Z', sessionId: 'sess-b', input: analyzeInput(300), output: 'ok', tags: ['experiment', 'run:r1'] };

    beforeAll(async () => {
      langfuse = http.createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        const query = Object.fromEntries(url.searchParams);
        requests.push({ path: url.pathname, query });
        const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        if (req.headers.authorization !== `Basic ${Buffer.from(`${PUBLIC}:${SECRET}`).toString('base64')}`) return send(401, { message: 'Invalid credentials. Confirm that you\'ve configured the correct host.' });
        if (url.pathname === '/api/public/observations') {
          return send(200, { data: [{ id: 'o1', level: query.traceId === 'lf-3' ? 'ERROR' : 'DEFAULT' }], meta: { page: 1, limit: 100, totalItems: 1, totalPages: 1 } });
        }
        if (url.pathname !== '/api/public/traces') return send(404, { message: 'not found' });
        let rows = [...LF, LF_EXPERIMENT].sort((a, b) => b.timestamp.localeCompare(a.timestamp));
        if (query.fromTimestamp) rows = rows.filter((t) => t.timestamp >= query.fromTimestamp);
        if (query.toTimestamp) rows = rows.filter((t) => t.timestamp < query.toTimestamp);
        if (query.sessionId) rows = rows.filter((t) => t.sessionId === query.sessionId);
        if (query.name) rows = rows.filter((t) => t.name === query.name);
        // This server pages by 2 whatever the client asks, as a real server may cap `limit`.
        const limit = Math.min(Number(query.limit ?? 50), 2);
        const page = Number(query.page ?? 1);
        send(200, { data: rows.slice((page - 1) * limit, page * limit), meta: { page, limit, totalItems: rows.length, totalPages: Math.ceil(rows.length / limit) } });
      });
      await new Promise<void>((resolve) => langfuse.listen(0, '127.0.0.1', resolve));
      host = `http://127.0.0.1:${(langfuse.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => langfuse.close(resolve));
    });

    const lf = (ws: string, env: Record<string, string>, ...args: string[]) =>
      runCli(['dataset', 'collect', '--name', 'prep_output_analyze', '--source', 'langfuse', ...args], ws, { LANGFUSE_HOST: host, ...env });
    const keys = { LANGFUSE_PUBLIC_KEY: PUBLIC, LANGFUSE_SECRET_KEY: SECRET };

    it('reads every page with Basic auth and the filters, and dedupes against existing and collected inputs', async () => {
      const ws = copyExample();
      requests.length = 0;
      const run = await lf(ws, keys, '--limit', '10', '--since', '2026-01-21', '--trace-name', 'interview.analyze');
      expect(run.code, run.stderr).toBe(0);
      const traceRequests = requests.filter((r) => r.path === '/api/public/traces');
      expect(traceRequests.map((r) => r.query.page)).toEqual(['1', '2', '3']);
      expect(traceRequests[0].query).toMatchObject({ fromTimestamp: '2026-01-21T00:00:00.000Z', name: 'interview.analyze', limit: '50', orderBy: 'timestamp.desc' });
      const cases = parsed(ws, 'prep_output_analyze').cases.slice(3);
      expect(cases.map((c: { langfuse_trace_id: string }) => c.langfuse_trace_id)).toEqual(['lf-6', 'lf-5', 'lf-4', 'lf-3', 'lf-2']);
      expect(cases[0]).toMatchObject({ id: 'trace_lf-6', inputs: { question: '질문 1', answer: '답변 1', position: '백엔드' } });
      expect(cases[0].description).toContain('langfuse trace lf-6');
      const again = await lf(ws, keys, '--limit', '10', '--since', '2026-01-21', '--trace-name', 'interview.analyze', '--json');
      expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, duplicates: 5, experiment_traces: 1 });
      const withExperiments = await lf(ws, keys, '--limit', '10', '--since', '2026-01-21', '--trace-name', 'interview.analyze', '--include-experiments', '--dry-run', '--json');
      expect(JSON.parse(withExperiments.stdout).cases.map((c: { id: string }) => c.id)).toEqual(['trace_lf-exp']);
    });

    it('runs the seed lines exactly: collect --source langfuse --limit 10 --since 2026-01-25, then upload', async () => {
      const ws = copyExample();
      const env = { ...keys, LANGFUSE_HOST: host, TRACEHUB_HOST: server.url };
      const collected = await runCli(['dataset', 'collect', '--name', 'prep_output_analyze', '--source', 'langfuse', '--limit', '10', '--since', '2026-01-25'], ws, env);
      expect(collected.code, collected.stderr).toBe(0);
      expect(collected.stdout).toContain('Added 2 case(s)');
      const uploaded = await runCli(['dataset', 'upload', '--name', 'prep_output_analyze'], ws, env);
      expect(uploaded.code, uploaded.stderr).toBe(0);
      expect(uploaded.stdout).toMatch(/Created version \d+ of dataset "prep_output_analyze"/);
    });

    it('passes the session filter, reads observations for --status, and stops at the limit', async () => {
      requests.length = 0;
      const run = await lf(copyExample(), keys, '--session', 'sess-a', '--status', 'error', '--dry-run', '--json');
      expect(JSON.parse(run.stdout).cases.map((c: { langfuse_trace_id: string }) => c.langfuse_trace_id)).toEqual(['lf-3']);
      expect(requests.find((r) => r.path === '/api/public/traces')?.query.sessionId).toBe('sess-a');
      expect(requests.filter((r) => r.path === '/api/public/observations').map((r) => r.query.traceId).sort()).toEqual(['lf-1', 'lf-2', 'lf-3']);
      requests.length = 0;
      const limited = await lf(copyExample(), keys, '--limit', '1', '--dry-run', '--json');
      expect(JSON.parse(limited.stdout).cases).toHaveLength(1);
      expect(requests.filter((r) => r.path === '/api/public/traces')).toHaveLength(1);
    });

    it('fails with one line on wrong or missing keys, writing nothing', async () => {
      const ws = copyExample();
      const before = files(ws, 'prep_output_analyze');
      const wrong = oneLineError(await lf(ws, { LANGFUSE_PUBLIC_KEY: PUBLIC, LANGFUSE_SECRET_KEY: 'nope' }));
      expect(wrong).toContain('Langfuse refused the request (401)');
      expect(oneLineError(await lf(ws, { LANGFUSE_PUBLIC_KEY: '', LANGFUSE_SECRET_KEY: '' }))).toContain('needs LANGFUSE_PUBLIC_KEY and LANGFUSE_SECRET_KEY');
      expect(oneLineError(await lf(ws, { ...keys, LANGFUSE_HOST: 'http://127.0.0.1:9' }))).toContain('Cannot reach Langfuse at http://127.0.0.1:9');
      expect(files(ws, 'prep_output_analyze')).toEqual(before);
    });
  });
});

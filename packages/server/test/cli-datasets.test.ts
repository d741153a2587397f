/** `tracehub dataset upload|list|export` as a child process against the built server. */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopServerProcess, type ServerProcess } from './process.js';
import { api, copyExample, oneLineError, runCli, startBackendServer, type CliRun } from './cli-harness.js';

describe('tracehub dataset upload / export / list', () => {
  let server: ServerProcess;
  let ws: string;
  const cli = (...args: string[]): Promise<CliRun> => runCli(args, ws, { TRACEHUB_HOST: server.url });
  const ok = async (...args: string[]) => {
    const run = await cli(...args);
    expect(run.code, run.stderr).toBe(0);
    return run;
  };
  const readCases = (name: string) => ({
    cases: JSON.parse(fs.readFileSync(path.join(ws, 'datasets', name, 'test_cases.json'), 'utf8')) as Array<{ id: string; description: string; inputs: unknown }>,
    expected: JSON.parse(fs.readFileSync(path.join(ws, 'datasets', name, 'expected.json'), 'utf8')) as Record<string, unknown>,
  });
  const jsonl = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line));

  beforeAll(async () => {
    server = await startBackendServer('sqlite');
    ws = copyExample();
  });
  afterAll(async () => {
    if (server) await stopServerProcess(server);
  });

  it('upload then export --format jsonl round-trips every case of every example dataset', async () => {
    for (const name of ['prep_generate', 'prep_output_analyze', 'prep_output_questions']) {
      const uploaded = JSON.parse((await ok('dataset', 'upload', '--name', name, '--json')).stdout);
      const { cases, expected } = readCases(name);
      expect(uploaded).toMatchObject({ created: true, added: cases.length, version: { version: 1, item_count: cases.length } });
      const lines = jsonl((await ok('dataset', 'export', '--name', name, '--format', 'jsonl')).stdout);
      expect(lines.map((l) => l.id).sort()).toEqual(cases.map((c) => c.id).sort());
      for (const c of cases) {
        const line = lines.find((l) => l.id === c.id);
        expect(line).toMatchObject({ input: c.inputs, expected_output: expected[c.id], metadata: { description: c.description } });
      }
    }
  });

  it('an unchanged upload creates no version; each change creates one with a different sha256', async () => {
    const again = JSON.parse((await ok('dataset', 'upload', '--name', 'prep_generate', '--json')).stdout);
    expect(again).toMatchObject({ created: false, version: { version: 1 } });
    const sha1 = again.version.sha256;

    const file = path.join(ws, 'datasets/prep_generate/expected.json');
    const expected = JSON.parse(fs.readFileSync(file, 'utf8'));
    expected.case_003.keywords.push('대시보드');
    fs.writeFileSync(file, JSON.stringify(expected, null, 2));
    const changed = JSON.parse((await ok('dataset', 'upload', '--name', 'prep_generate', '--json')).stdout);
    expect(changed).toMatchObject({ created: true, updated: 1, version: { version: 2 } });
    expect(changed.version.sha256).not.toBe(sha1);

    const casesFile = path.join(ws, 'datasets/prep_generate/test_cases.json');
    const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
    fs.writeFileSync(casesFile, JSON.stringify(cases.slice(1), null, 2));
    delete expected.case_001;
    fs.writeFileSync(file, JSON.stringify(expected, null, 2));
    const removed = JSON.parse((await ok('dataset', 'upload', '--name', 'prep_generate', '--json')).stdout);
    expect(removed).toMatchObject({ created: true, removed: 1, version: { version: 3, item_count: 3 } });
    expect(new Set([sha1, changed.version.sha256, removed.version.sha256]).size).toBe(3);

    const v1 = jsonl((await ok('dataset', 'export', '--name', 'prep_generate', '--version', '1')).stdout);
    expect(v1.map((l) => l.id)).toEqual(['case_001', 'case_002', 'case_003', 'case_004']);
    const human = await ok('dataset', 'upload', '--name', 'prep_generate');
    expect(human.stdout).toContain('no new version');
  });

  it('lists datasets and exports CSV and chat fine-tuning JSONL', async () => {
    const list = JSON.parse((await ok('dataset', 'list', '--json')).stdout);
    expect(list.map((d: { name: string; latest_version: number }) => [d.name, d.latest_version])).toEqual([
      ['prep_generate', 3], ['prep_output_analyze', 1], ['prep_output_questions', 1],
    ]);
    const out = path.join(ws, 'analyze.csv');
    await ok('dataset', 'export', '--name', 'prep_output_analyze', '--format', 'csv', '-o', out);
    // A CSV file starts with a UTF-8 BOM (Korean Excel needs it; cli-korean.test.ts).
    const rows = parse(fs.readFileSync(out), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0])).toEqual(['id', 'position', 'question', 'answer', 'expected_output', 'metadata']);
    expect(rows[0]).toMatchObject({ id: 'case_001', position: '백엔드 개발자' });

    await ok('prompt', 'push', 'targets/prep_output_questions');
    // Their expectations are checks (keywords, reference {question_count: 3}), not answers: nothing to fine-tune on.
    const checksOnly = await ok('dataset', 'export', '--name', 'prep_output_questions', '--format', 'chat-jsonl', '--prompt', 'prep_output_questions', '--prompt-label', 'latest', '-o', path.join(ws, 'q.jsonl'));
    expect(fs.readFileSync(path.join(ws, 'q.jsonl'), 'utf8')).toBe('');
    expect(checksOnly.stderr).toContain('skipped 3 item(s) without an assistant answer');
    expect(checksOnly.stderr).toContain('Wrote 0 item(s)');
  });

  it('uploads a CSV with a column mapping', async () => {
    const csv = path.join(ws, 'faq.csv');
    fs.writeFileSync(csv, 'qid,question,context,answer,team\nq1,"환불, 가능한가요?",결제,7일 이내 가능합니다,cs\nq2,배송은 얼마나 걸리나요?,배송,2일,cs\n');
    const uploaded = JSON.parse(
      (await ok('dataset', 'upload', '--name', 'faq', '--csv', csv, '--id-column', 'qid', '--input-columns', 'question,context', '--expected-column', 'answer', '--metadata-columns', 'team', '--json')).stdout,
    );
    expect(uploaded).toMatchObject({ created: true, added: 2 });
    const detail = await api(server, 'GET', '/datasets/faq');
    expect(detail.body.items[0]).toMatchObject({ id: 'q1', input: { question: '환불, 가능한가요?', context: '결제' }, expected_output: '7일 이내 가능합니다', metadata: { team: 'cs' } });
    const err = oneLineError(await cli('dataset', 'upload', '--name', 'faq', '--csv', csv, '--id-column', 'id'));
    expect(err).toContain('faq.csv: --id-column names a column "id" that is not in the header');
    fs.writeFileSync(csv, 'qid,question\nq1,a\nq1,b\n');
    expect(oneLineError(await cli('dataset', 'upload', '--name', 'faq', '--csv', csv, '--id-column', 'qid'))).toContain('faq.csv line 3: id "q1" repeats line 2');
    // Without an id column the ids come from the inputs: identical rows are named by line, not by an id the user never wrote.
    fs.writeFileSync(csv, 'question,answer\n환불?,7일\n배송?,조회\n환불?,7일\n');
    const same = oneLineError(await cli('dataset', 'upload', '--name', 'faq', '--csv', csv));
    expect(same).toContain('faq.csv line 4: the same input as line 2 (rows without an id get one from their input)');
    expect(same).not.toContain('item-');
  });

  it('bad files give one error line with the file and position, and nothing is uploaded', async () => {
    const bad = copyExample();
    const run = (...args: string[]) => runCli(args, bad, { TRACEHUB_HOST: server.url });
    const dir = path.join(bad, 'datasets/prep_output_questions');
    const casesText = fs.readFileSync(path.join(dir, 'test_cases.json'), 'utf8');
    const before = await api(server, 'GET', '/datasets/prep_output_questions/versions');

    fs.writeFileSync(path.join(dir, 'test_cases.json'), casesText.replace('"count": 2\n', '"count": 2,\n'));
    const invalid = oneLineError(await run('dataset', 'upload', '--name', 'prep_output_questions'));
    expect(invalid).toMatch(/^error: datasets\/prep_output_questions\/test_cases\.json line 18, column 5: invalid JSON: expected a double-quoted property name but found "}"/);

    const cases = JSON.parse(casesText);
    delete cases[2].id;
    fs.writeFileSync(path.join(dir, 'test_cases.json'), JSON.stringify(cases, null, 2));
    const noId = oneLineError(await run('dataset', 'upload', '--name', 'prep_output_questions'));
    expect(noId).toContain('test_cases.json line 20, column 3: case [2] has no "id"');

    fs.writeFileSync(path.join(dir, 'test_cases.json'), casesText);
    const expected = JSON.parse(fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'));
    expected.case_999 = { keywords: [], forbidden: [], reference: {} };
    const expectedText = JSON.stringify(expected, null, 2);
    fs.writeFileSync(path.join(dir, 'expected.json'), expectedText);
    const line = expectedText.split('\n').findIndex((l) => l.includes('"case_999"')) + 1;
    const unknown = oneLineError(await run('dataset', 'upload', '--name', 'prep_output_questions'));
    expect(unknown).toContain(`expected.json line ${line}, column 3: entry "case_999" has no case in test_cases.json`);

    fs.writeFileSync(path.join(dir, 'expected.json'), '{"case_001": {"keywords": "캐시"}}');
    expect(oneLineError(await run('dataset', 'upload', '--name', 'prep_output_questions'))).toContain('"keywords" that is not a list of strings');
    expect(oneLineError(await run('dataset', 'upload', '--name', 'nope'))).toContain('datasets/nope/test_cases.json does not exist');
    expect((await api(server, 'GET', '/datasets/prep_output_questions/versions')).body).toEqual(before.body);
    expect(oneLineError(await run('dataset', 'export', '--name', 'missing'))).toContain('Dataset "missing" was not found');
    expect(oneLineError(await run('dataset', 'export', '--name', 'prep_generate', '--format', 'xml'))).toContain('--format must be one of');
  });

  it('every dataset command has --help', async () => {
    for (const command of [['dataset'], ['dataset', 'upload'], ['dataset', 'collect'], ['dataset', 'export'], ['dataset', 'list']]) {
      const run = await cli(...command, '--help');
      expect(run.code, command.join(' ')).toBe(0);
      expect(run.stdout).toContain('Usage: tracehub dataset');
    }
  });
});

/** Korean users' files through the built CLI: a CP949 CSV from Korean Excel, a BOM on exported CSV, reports in Korean. */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopServerProcess, type ServerProcess } from './process.js';
import { api, copyExample, oneLineError, runCli, startBackendServer, type CliRun } from './cli-harness.js';

const CSV = 'id,question,category\nq1,주민등록번호를 알려줘,보안\nq2,영업시간은?,일반\n';

describe('tracehub in Korean: CSV encodings, exported CSV, report language', () => {
  let server: ServerProcess;
  let ws: string;
  const cli = (args: string[], env: Record<string, string> = {}): Promise<CliRun> => runCli(args, ws, { TRACEHUB_HOST: server.url, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', ...env });
  const ok = async (args: string[], env: Record<string, string> = {}) => {
    const run = await cli(args, env);
    expect(run.code, run.stderr).toBe(0);
    return run;
  };

  beforeAll(async () => {
    server = await startBackendServer('sqlite');
    ws = copyExample();
  });
  afterAll(async () => {
    if (server) await stopServerProcess(server);
  });

  it('a CP949 CSV saved by Korean Excel uploads with its Korean intact, saying how it was read', async () => {
    const file = path.join(ws, 'faq-excel.csv');
    fs.writeFileSync(file, iconv.encode(CSV, 'cp949'));
    const run = await ok(['dataset', 'upload', '--name', 'faq_kr', '--csv', file, '--id-column', 'id', '--metadata-columns', 'category', '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ created: true, added: 2 });
    expect(run.stderr).toContain('faq-excel.csv: read as CP949 (EUC-KR).');
    const detail = await api(server, 'GET', '/datasets/faq_kr');
    const items = detail.body.items.map((i: { id: string; input: unknown; metadata: unknown }) => [i.id, i.input, i.metadata]);
    expect(items).toEqual([
      ['q1', { question: '주민등록번호를 알려줘' }, { category: '보안' }],
      ['q2', { question: '영업시간은?' }, { category: '일반' }],
    ]);
  });

  it('a CSV that is neither UTF-8 nor CP949, or not in the --encoding named, is refused in one line naming the encoding', async () => {
    const cp949 = path.join(ws, 'cp949.csv');
    fs.writeFileSync(cp949, iconv.encode(CSV, 'cp949'));
    expect(oneLineError(await cli(['dataset', 'upload', '--name', 'faq_bad', '--csv', cp949, '--encoding', 'utf-8']))).toBe(
      `error: ${cp949} is not valid UTF-8 text (--encoding utf-8); save it as "CSV UTF-8" or name its encoding with --encoding.`,
    );
    const broken = path.join(ws, 'broken.csv');
    fs.writeFileSync(broken, Buffer.from([0x69, 0x64, 0x0a, 0x80, 0xff, 0x0a]));
    expect(oneLineError(await cli(['dataset', 'upload', '--name', 'faq_bad', '--csv', broken]))).toBe(
      `error: ${broken} is neither UTF-8 nor CP949 (EUC-KR) text; save it as "CSV UTF-8" or name its encoding with --encoding.`,
    );
    expect(oneLineError(await cli(['dataset', 'upload', '--name', 'faq_bad', '--encoding', 'cp949']))).toMatch(/--encoding need --csv/);
    expect((await api(server, 'GET', '/datasets/faq_bad')).status).toBe(404);
  });

  it('exported CSV files start with a UTF-8 BOM for Excel; stdout and --no-bom have none', async () => {
    const file = path.join(ws, 'faq-export.csv');
    await ok(['dataset', 'export', '--name', 'faq_kr', '--format', 'csv', '-o', file]);
    const bytes = fs.readFileSync(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toContain('주민등록번호를 알려줘');
    const stdout = await ok(['dataset', 'export', '--name', 'faq_kr', '--format', 'csv']);
    expect(stdout.stdout.startsWith('id,')).toBe(true);
    await ok(['dataset', 'export', '--name', 'faq_kr', '--format', 'csv', '--no-bom', '-o', file]);
    expect(fs.readFileSync(file, 'utf8').startsWith('id,')).toBe(true);
    expect(oneLineError(await cli(['dataset', 'export', '--name', 'faq_kr', '--format', 'jsonl', '--bom']))).toMatch(/--bom and --no-bom are only used with --format csv/);
  });

  it('--report-lang ko writes report.md and report.xlsx in Korean; a Korean locale does so by default; en overrides it', async () => {
    const run = (name: string, extra: string[], env: Record<string, string> = {}) =>
      ok(['experiment', 'run', '-d', 'prep_generate', '-p', 'prep_generate', '--provider', 'offline', '--tracker', 'none', '-e', 'keywords', '--limit', '2', '-n', name, ...extra], env);
    const report = (name: string) => fs.readFileSync(path.join(ws, 'results', name, 'report.md'), 'utf8');
    await run('kr-flag', ['--report-lang', 'ko']);
    expect(report('kr-flag')).toMatch(/^# 실험 리포트: kr-flag\n/);
    expect(report('kr-flag')).toContain('## 요약');
    await run('kr-locale', [], { LANG: 'ko_KR.UTF-8' });
    expect(report('kr-locale')).toMatch(/^# 실험 리포트: kr-locale\n/);
    await run('en-flag', ['--report-lang', 'en'], { LANG: 'ko_KR.UTF-8' });
    expect(report('en-flag')).toMatch(/^# Experiment report: en-flag\n/);
    await run('en-default', []);
    expect(report('en-default')).toContain('## Summary');
    expect(oneLineError(await cli(['experiment', 'run', '-d', 'prep_generate', '-p', 'prep_generate', '--report-lang', 'fr']))).toMatch(/--report-lang.*fr.*ko, en/);
  });
});

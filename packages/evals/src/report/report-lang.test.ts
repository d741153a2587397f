import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { makeWorkspace, testSpec } from '../testing/test-runs.js';
import { prepareRun } from '../runner/prepare-run.js';
import { runExperiment } from '../runner/run-experiment.js';
import { resultsPaths } from '../runner/results-layout.js';
import { readEvalFile } from '../config/eval-file.js';
import { reportLangFromEnv, type ReportLang } from './report-lang.js';

async function reports(lang: ReportLang | undefined) {
  const cwd = makeWorkspace({ count: 3, split: true });
  const spec = { ...testSpec({ name: `lang-${lang ?? 'default'}` }), ...(lang ? { report_lang: lang } : {}) };
  const result = await runExperiment(await prepareRun(spec, { cwd, env: {}, traceHub: { host: 'http://127.0.0.1:1', apiKey: 'x' }, trackers: [] }));
  const p = resultsPaths(result.dir);
  const xlsx = unzipSync(fs.readFileSync(p.xlsx));
  const xml = (name: string) => strFromU8(xlsx[name]);
  return { md: fs.readFileSync(p.report, 'utf8'), xml, files: Object.keys(xlsx) };
}

describe('report language', () => {
  it('comes from the locale: ko when LC_ALL, LC_MESSAGES or LANG says Korean, else en', () => {
    expect(reportLangFromEnv({ LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(reportLangFromEnv({ LC_ALL: 'ko_KR.eucKR', LANG: 'en_US.UTF-8' })).toBe('ko');
    expect(reportLangFromEnv({ LC_ALL: 'en_US.UTF-8', LANG: 'ko_KR.UTF-8' })).toBe('en');
    expect(reportLangFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(reportLangFromEnv({})).toBe('en');
  });

  it('tracehub.eval.yaml can state it once (report_lang: ko|en), and anything else is refused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-lang-'));
    const file = path.join(dir, 'tracehub.eval.yaml');
    const specs = (lang: string) => {
      fs.writeFileSync(file, `dataset: qa\nprompts: [qa]\nmodels: [m]\nevaluators: [keywords]\n${lang}`);
      return readEvalFile(file, { provider: 'offline', env: {} });
    };
    expect(specs('report_lang: ko\n')[0].report_lang).toBe('ko');
    expect(specs('')[0].report_lang).toBeUndefined();
    expect(() => specs('report_lang: fr\n')).toThrow(/report_lang must be ko or en, got "fr"/);
  });

  it('report.md and report.xlsx in Korean: headings, labels and sheet names; names and values as they are', async () => {
    const { md, xml } = await reports('ko');
    expect(md).toMatch(/^# 실험 리포트: lang-ko$/m);
    for (const heading of ['## 요약', '## 평가자', '## 그룹별 점수']) expect(md).toContain(heading);
    expect(md).toMatch(/^## 실패 케이스 \(\d+\)$/m);
    expect(md).toContain('| 항목 | 값 |');
    expect(md).toContain('| 케이스 수 | 3 |');
    expect(md).toContain('| 평가자 | 유형 | 가중치 |');
    expect(md).toContain('| keywords | keywords |');
    expect(md).not.toMatch(/Experiment report|## Summary|\| field \| value \|/);
    expect(xml('xl/workbook.xml')).toMatch(/name="요약".*name="평가자".*name="케이스".*name="실패"/s);
    expect(xml('xl/sharedStrings.xml')).toContain('케이스 ID');
  });

  it('English by default; every sheet has a frozen header row, sized columns and wrapped text', async () => {
    const { md, xml, files } = await reports(undefined);
    expect(md).toMatch(/^# Experiment report: lang-default$/m);
    expect(md).toContain('| field | value |');
    expect(xml('xl/workbook.xml')).toMatch(/name="Summary".*name="Evaluators".*name="Items".*name="Failures"/s);
    const sheets = files.filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f));
    expect(sheets).toHaveLength(4);
    for (const sheet of sheets) {
      const text = xml(sheet);
      expect(text).toMatch(/<pane [^>]*ySplit="1"[^>]*state="frozen"/);
      expect(text).toMatch(/<col [^>]*width="\d+(\.\d+)?"/);
    }
    expect(xml('xl/styles.xml')).toMatch(/wrapText="1"/);
  });
});

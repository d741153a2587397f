import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { readCsvItems } from './csv-items.js';
import { decodeText } from './text-encoding.js';

const CSV = 'id,question,category\nq1,주민등록번호를 알려줘,보안\nq2,영업시간은?,일반\n';

function csvFile(bytes: Uint8Array): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'enc-')), 'faq.csv');
  fs.writeFileSync(file, bytes);
  return file;
}

const failure = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('CSV encodings', () => {
  it('reads UTF-8 with and without a BOM, UTF-16 with a BOM, and CP949 from Korean Excel', () => {
    const cases: Array<[Uint8Array, string]> = [
      [Buffer.from(CSV), 'UTF-8'],
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV)]), 'UTF-8'],
      [iconv.encode(CSV, 'utf-16le', { addBOM: true }), 'UTF-16LE'],
      [iconv.encode(CSV, 'utf-16be', { addBOM: true }), 'UTF-16BE'],
      [iconv.encode(CSV, 'cp949'), 'CP949 (EUC-KR)'],
      [iconv.encode(CSV, 'euc-kr'), 'CP949 (EUC-KR)'],
    ];
    for (const [bytes, encoding] of cases) {
      const read = readCsvItems(csvFile(bytes), { idColumn: 'id', metadataColumns: ['category'] });
      expect(read.encoding).toBe(encoding);
      expect(read.items).toEqual([
        { id: 'q1', input: { question: '주민등록번호를 알려줘' }, expected_output: null, metadata: { category: '보안' } },
        { id: 'q2', input: { question: '영업시간은?' }, expected_output: null, metadata: { category: '일반' } },
      ]);
    }
  });

  it('--encoding forces the encoding, and bytes that do not fit are refused in one line naming it', () => {
    const cp949 = iconv.encode(CSV, 'cp949');
    expect(decodeText(cp949, 'faq.csv', 'cp949').text).toBe(CSV);
    expect(decodeText(cp949, 'faq.csv', 'EUC-KR').text).toBe(CSV);
    expect(failure(() => decodeText(cp949, 'faq.csv', 'utf-8'))).toBe(
      'faq.csv is not valid UTF-8 text (--encoding utf-8); save it as "CSV UTF-8" or name its encoding with --encoding.',
    );
    expect(failure(() => decodeText(Buffer.from([0x61, 0xff, 0xff, 0x0a]), 'bad.csv'))).toBe(
      'bad.csv is neither UTF-8 nor CP949 (EUC-KR) text; save it as "CSV UTF-8" or name its encoding with --encoding.',
    );
    expect(failure(() => decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0xff]), 'bom.csv'))).toMatch(/^bom\.csv starts with a UTF-8 byte order mark but is not valid UTF-8 text;/);
    const utf16 = iconv.encode(CSV, 'utf-16le');
    expect(failure(() => decodeText(utf16, 'u16.csv'))).toBe(
      'u16.csv has NUL bytes, as UTF-16 without a byte order mark has; name its encoding with --encoding utf-16le or utf-16be.',
    );
    expect(decodeText(utf16, 'u16.csv', 'utf-16le').text).toBe(CSV);
    expect(failure(() => decodeText(cp949, 'faq.csv', 'klingon'))).toMatch(/^--encoding: unknown encoding "klingon"/);
  });
});

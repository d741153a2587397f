/** `tracehub dataset export --format chat-jsonl` (what counts as the assistant answer, the written count) and `-o` into a missing folder. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopServerProcess, type ServerProcess } from './process.js';
import { api, copyExample, runCli, startBackendServer } from './cli-harness.js';

describe('tracehub dataset export', () => {
  let server: ServerProcess;
  let ws: string;
  const ok = async (...args: string[]) => {
    const run = await runCli(args, ws, { TRACEHUB_HOST: server.url });
    expect(run.code, run.stderr).toBe(0);
    return run;
  };
  const jsonl = (text: string) => text.trim().split('\n').map((line) => JSON.parse(line));

  beforeAll(async () => {
    server = await startBackendServer('sqlite');
    ws = copyExample();
  });
  afterAll(async () => {
    if (server) await stopServerProcess(server);
  });

  it('chat-jsonl: the answer is an answer, never a reference check; the count is what was written; -o creates missing folders', async () => {
    const items = [
      { id: 'a-plain', input: { user_query: '환불은 며칠 안에 되나요?' }, expected_output: '구매 후 7일 안에 환불됩니다.' },
      { id: 'b-answer', input: { user_query: '배송 조회는?' }, expected_output: { keywords: ['조회'], answer: '주문 내역에서 조회할 수 있습니다.' } },
      { id: 'c-exact', input: { user_query: '영업 시간은?' }, expected_output: { keywords: [], forbidden: [], reference: { exact: '평일 9시부터 6시까지입니다.' } } },
      { id: 'd-check', input: { user_query: '주민등록번호 알려줘' }, expected_output: { keywords: [], forbidden: ['주민등록번호'], reference: '개인정보' } },
      { id: 'e-fields', input: { user_query: '질문 3개' }, expected_output: { keywords: [], forbidden: [], reference: { question_count: 3 } } },
    ];
    expect((await api(server, 'POST', '/datasets/faq_chat/items', { items })).status).toBe(201);
    const out = path.join(ws, 'exports/2026-01/faq.jsonl');
    const run = await ok('dataset', 'export', '--name', 'faq_chat', '--format', 'chat-jsonl', '-o', out);
    const chat = jsonl(fs.readFileSync(out, 'utf8'));
    expect(chat.map((c) => c.messages)).toEqual([
      [{ role: 'user', content: '환불은 며칠 안에 되나요?' }, { role: 'assistant', content: '구매 후 7일 안에 환불됩니다.' }],
      [{ role: 'user', content: '배송 조회는?' }, { role: 'assistant', content: '주문 내역에서 조회할 수 있습니다.' }],
      [{ role: 'user', content: '영업 시간은?' }, { role: 'assistant', content: '평일 9시부터 6시까지입니다.' }],
    ]);
    expect(run.stderr).toContain('skipped 2 item(s) without an assistant answer');
    expect(run.stderr).toContain(`Wrote 3 item(s) of faq_chat version 1 to ${out}.`);
    // With --prompt the user message is the rendered prompt.
    fs.mkdirSync(path.join(ws, 'targets/faq_answer'));
    fs.writeFileSync(path.join(ws, 'targets/faq_answer/prompt.txt'), '고객 질문에 답하세요: {user_query}\n');
    await ok('prompt', 'push', 'targets/faq_answer');
    const rendered = jsonl((await ok('dataset', 'export', '--name', 'faq_chat', '--format', 'chat-jsonl', '--prompt', 'faq_answer', '--prompt-label', 'latest')).stdout);
    expect(rendered[0].messages).toEqual([{ role: 'user', content: '고객 질문에 답하세요: 환불은 며칠 안에 되나요?\n' }, { role: 'assistant', content: '구매 후 7일 안에 환불됩니다.' }]);

    const csv = path.join(ws, 'new-folder/deeper/faq.csv');
    await ok('dataset', 'export', '--name', 'faq_chat', '--format', 'csv', '-o', csv);
    expect(fs.readFileSync(csv, 'utf8')).toContain('a-plain');
  });

});

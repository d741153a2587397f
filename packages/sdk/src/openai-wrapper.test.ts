import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTraceHub } from './client.js';
import { observe } from './observe.js';
import type { TraceHubClient } from './trace-hub-client.js';

/** A fake OpenAI-compatible endpoint: chat completions and responses, plain and streaming. */
let fakeOpenAI: Server;
let openaiUrl = '';

function sse(res: import('node:http').ServerResponse, items: unknown[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const item of items) res.write(`data: ${JSON.stringify(item)}\n\n`);
  res.end('data: [DONE]\n\n');
}

beforeAll(async () => {
  fakeOpenAI = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = JSON.parse(text);
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/v1/chat/completions') {
        if (body.messages?.[0]?.content === 'fail') {
          json(400, { error: { message: 'messages are not acceptable', type: 'invalid_request_error' } });
          return;
        }
        const base = { id: 'chatcmpl-1', created: 1, model: `${body.model}-2025` };
        if (body.stream) {
          const chunk = (delta: object, finish: string | null = null) => ({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] });
          const chunks: unknown[] = [chunk({ role: 'assistant', content: 'Hel' }), chunk({ content: 'lo' }), chunk({ content: '!' }, 'stop')];
          if (body.stream_options?.include_usage) chunks.push({ ...base, object: 'chat.completion.chunk', choices: [], usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } });
          sse(res, chunks);
          return;
        }
        json(200, {
          ...base,
          object: 'chat.completion',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Hello!' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18, prompt_tokens_details: { cached_tokens: 2 } },
        });
        return;
      }
      if (req.url === '/v1/responses') {
        const response = {
          id: 'resp-1',
          object: 'response',
          model: body.model,
          status: 'completed',
          output: [{ type: 'message', id: 'msg-1', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hi there', annotations: [] }] }],
          usage: { input_tokens: 5, output_tokens: 2, total_tokens: 7, input_tokens_details: { cached_tokens: 0 } },
        };
        if (body.stream) {
          sse(res, [
            { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } },
            { type: 'response.output_text.delta', delta: 'Hi ' },
            { type: 'response.output_text.delta', delta: 'there' },
            { type: 'response.completed', response },
          ]);
          return;
        }
        json(200, response);
        return;
      }
      json(404, { error: { message: 'no such route' } });
    });
  });
  await new Promise<void>((resolve) => fakeOpenAI.listen(0, '127.0.0.1', () => resolve()));
  openaiUrl = `http://127.0.0.1:${(fakeOpenAI.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => fakeOpenAI.close(() => resolve()));
});

let th: TraceHubClient;
let events: any[];
let openai: OpenAI;

beforeEach(() => {
  events = [];
  th = createTraceHub({
    flushIntervalMs: 60_000,
    exitFlushTimeoutMs: 0,
    setAsDefault: false,
    transport: {
      async send(request) {
        if (request.path === '/ingest/spans') events.push(...JSON.parse(request.body).events);
        return { status: 200, retryAfterMs: null, body: null };
      },
    },
  });
  openai = th.wrapOpenAI(new OpenAI({ apiKey: 'sk-test', baseURL: openaiUrl, maxRetries: 0 }));
});
afterEach(async () => {
  await th.shutdown(100);
});

function llmSpans(): Array<{ start: any; end: any; error: any }> {
  return events
    .filter((e) => e.event_type === 'START' && e.payload.span_type === 'llm')
    .map((start) => ({
      start,
      end: events.find((e) => e.event_type === 'END' && e.span_id === start.span_id),
      error: events.find((e) => e.event_type === 'ERROR' && e.span_id === start.span_id),
    }));
}

describe('wrapOpenAI()', () => {
  it('records a chat completion: model, messages, parameters, output, usage and latency', async () => {
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Say hello' }];
    const completion = await openai.chat.completions.create({ model: 'gpt-test', messages, temperature: 0.2, max_tokens: 50 });
    expect(completion.choices[0].message.content).toBe('Hello!');
    messages.push(completion.choices[0].message); // the host mutating its array must not change what was recorded
    await th.flush(1000);
    const [span] = llmSpans();
    expect(span.start.payload).toMatchObject({
      name: 'openai.chat.completions',
      model: 'gpt-test',
      input: [{ role: 'user', content: 'Say hello' }],
      attributes: { 'llm.provider': 'openai', 'llm.stream': false, 'llm.parameters': { temperature: 0.2, max_tokens: 50 } },
    });
    expect(span.end.payload).toMatchObject({
      status: 'success',
      model: 'gpt-test-2025',
      output: { role: 'assistant', content: 'Hello!' },
      input_tokens: 11,
      output_tokens: 7,
      total_tokens: 18,
      cached_input_tokens: 2,
      attributes: { 'llm.finish_reason': 'stop', 'llm.response_id': 'chatcmpl-1' },
    });
    expect(span.end.payload.attributes['llm.latency_ms']).toBeGreaterThan(0);
  });

  it('passes a stream through and records it when it ends', async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Hello!');
    await th.flush(1000);
    const [span] = llmSpans();
    expect(span.start.payload.attributes['llm.stream']).toBe(true);
    expect(span.end.payload).toMatchObject({
      status: 'success',
      output: { role: 'assistant', content: 'Hello!' },
      input_tokens: 9,
      output_tokens: 3,
      total_tokens: 12,
      attributes: { 'llm.finish_reason': 'stop' },
    });
    expect(span.end.payload.attributes['llm.time_to_first_chunk_ms']).toBeGreaterThanOrEqual(0);
  });

  it('ends the span when the host stops reading a stream early', async () => {
    const stream = await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'x' }], stream: true });
    for await (const chunk of stream) {
      expect(chunk.choices[0].delta.content).toBe('Hel');
      break;
    }
    await th.flush(1000);
    const [span] = llmSpans();
    expect(span.end.payload).toMatchObject({ status: 'success', output: { content: 'Hel' }, attributes: { 'llm.stream_cancelled': true } });
  });

  it('records an API error and lets the host catch the original error', async () => {
    let caught: unknown;
    try {
      await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'fail' }] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OpenAI.BadRequestError);
    expect((caught as InstanceType<typeof OpenAI.BadRequestError>).status).toBe(400);
    await th.flush(1000);
    const [span] = llmSpans();
    expect(span.error.payload.message).toContain('messages are not acceptable');
    expect(span.end.payload).toMatchObject({ status: 'error', attributes: { 'http.status_code': 400 } });
  });

  it('keeps APIPromise helpers such as withResponse()', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.choices[0].message.content).toBe('Hello!');
    expect(response.headers.get('x-request-id')).toBe('req-1');
    await th.flush(1000);
    expect(llmSpans()[0].end.payload.output.content).toBe('Hello!');
  });

  it('records responses.create, plain and streamed', async () => {
    const response = await openai.responses.create({ model: 'gpt-resp', input: 'Greet me', instructions: 'Be brief' });
    expect(response.output_text).toBe('Hi there');
    const stream = await openai.responses.create({ model: 'gpt-resp', input: 'Greet me', stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toContain('response.completed');
    await th.flush(1000);
    const [plain, streamed] = llmSpans();
    expect(plain.start.payload).toMatchObject({ name: 'openai.responses', model: 'gpt-resp', input: { instructions: 'Be brief', input: 'Greet me' } });
    expect(plain.end.payload).toMatchObject({ output: 'Hi there', input_tokens: 5, output_tokens: 2, total_tokens: 7 });
    expect(streamed.end.payload).toMatchObject({ output: 'Hi there', input_tokens: 5, attributes: { 'llm.stream': true, 'llm.response_status': 'completed' } });
  });

  it('nests LLM spans under the current observed span', async () => {
    const answer = observe('answer', async (question: string) => {
      const completion = await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: question }] });
      return completion.choices[0].message.content;
    }, { client: th, spanType: 'chain' });
    expect(await answer('hi')).toBe('Hello!');
    await th.flush(1000);
    const parent = events.find((e) => e.event_type === 'START' && e.payload.name === 'answer');
    const [span] = llmSpans();
    expect(span.start.payload.parent_span_id).toBe(parent.span_id);
    expect(span.start.trace_id).toBe(parent.trace_id);
  });

  it('wraps a client only once', () => {
    const create = openai.chat.completions.create;
    th.wrapOpenAI(openai);
    expect(openai.chat.completions.create).toBe(create);
  });
});

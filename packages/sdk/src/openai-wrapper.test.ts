import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTraceHub } from './client.js';
import { observe } from './observe.js';
import { responsesStreamAccumulator } from './openai-stream.js';
import { startFakeOpenAI } from './testing/fake-openai.js';
import type { FakeOpenAI } from './testing/fake-openai.js';
import type { TraceHubClient } from './trace-hub-client.js';

/** A fake OpenAI-compatible endpoint: chat completions, responses, completions, embeddings. */
let fakeOpenAI: FakeOpenAI;
let openaiUrl = '';

beforeAll(async () => {
  fakeOpenAI = await startFakeOpenAI();
  openaiUrl = fakeOpenAI.url;
});
afterAll(async () => {
  await fakeOpenAI.close();
});

let th: TraceHubClient;
let events: any[];
/** The `trace` of every `POST /ingest/traces`, in order. */
let traces: any[];
let openai: OpenAI;

beforeEach(() => {
  events = [];
  traces = [];
  th = createTraceHub({
    flushIntervalMs: 60_000,
    exitFlushTimeoutMs: 0,
    setAsDefault: false,
    transport: {
      async send(request) {
        if (request.path === '/ingest/spans') events.push(...JSON.parse(request.body).events);
        if (request.path === '/ingest/traces') traces.push(JSON.parse(request.body).trace);
        return { status: 200, retryAfterMs: null, body: null };
      },
    },
  });
  openai = th.wrapOpenAI(new OpenAI({ apiKey: 'sk-test', baseURL: openaiUrl, maxRetries: 0 }));
});
afterEach(async () => {
  await th.shutdown(100);
});

function llmSpans(spanType = 'llm'): Array<{ start: any; end: any; error: any }> {
  return events
    .filter((e) => e.event_type === 'START' && e.payload.span_type === spanType)
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
      output: [{ role: 'assistant', content: 'Hello!' }],
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
      output: [{ role: 'assistant', content: 'Hello!' }],
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
    expect(span.end.payload).toMatchObject({ status: 'success', output: [{ role: 'assistant', content: 'Hel' }], attributes: { 'llm.stream_cancelled': true } });
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
    expect(llmSpans()[0].end.payload.output[0].content).toBe('Hello!');
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
    expect(plain.end.payload).toMatchObject({ output: [{ role: 'assistant', content: 'Hi there' }], input_tokens: 5, output_tokens: 2, total_tokens: 7 });
    expect(streamed.end.payload).toMatchObject({
      output: [{ role: 'assistant', content: 'Hi there' }],
      input_tokens: 5,
      attributes: { 'llm.stream': true, 'llm.response_status': 'completed' },
    });
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

  it('records the Responses API output as a chat message, tool calls included', async () => {
    const response = await openai.responses.create({ model: 'gpt-resp', input: 'call a tool' });
    expect(response.output).toHaveLength(2);
    await th.flush(1000);
    const [span] = llmSpans();
    expect(span.end.payload.output).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call-9', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
    ]);
  });

  it('records legacy completions as chat messages, plain and streamed', async () => {
    const completion = await openai.completions.create({ model: 'gpt-instruct', prompt: 'Tell a story', max_tokens: 4 });
    expect(completion.choices[0].text).toBe('Once upon a time');
    const stream = await openai.completions.create({ model: 'gpt-instruct', prompt: 'Tell a story', stream: true, stream_options: { include_usage: true } });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe('Once upon a time');
    await th.flush(1000);
    const [plain, streamed] = llmSpans();
    expect(plain.start.payload).toMatchObject({ name: 'openai.completions', model: 'gpt-instruct', input: 'Tell a story', attributes: { 'llm.parameters': { max_tokens: 4 } } });
    expect(plain.end.payload).toMatchObject({
      output: [{ role: 'assistant', content: 'Once upon a time' }],
      input_tokens: 4,
      output_tokens: 4,
      attributes: { 'llm.finish_reason': 'length', 'llm.response_id': 'cmpl-1' },
    });
    expect(streamed.end.payload).toMatchObject({
      output: [{ role: 'assistant', content: 'Once upon a time' }],
      input_tokens: 4,
      output_tokens: 3,
      total_tokens: 7,
      attributes: { 'llm.stream': true, 'llm.finish_reason': 'length' },
    });
    expect(traces.find((t) => t.trace_id === plain.start.trace_id)).toMatchObject({ input_text: 'Tell a story', output_text: 'Once upon a time', model: 'gpt-instruct' });
  });

  it('records embeddings as an embedding span with count, dimensions and usage, not the vectors', async () => {
    const result = await openai.embeddings.create({ model: 'text-embed', input: ['first text', 'second text'] });
    expect(result.data).toHaveLength(2);
    expect(Array.from(result.data[0].embedding)).toEqual([0.25, -0.5, 1]);
    await openai.embeddings.create({ model: 'text-embed', input: 'one text', encoding_format: 'float' });
    await th.flush(1000);
    const [batch, single] = llmSpans('embedding');
    expect(batch.start.payload).toMatchObject({ name: 'openai.embeddings', model: 'text-embed', input: ['first text', 'second text'] });
    expect(batch.end.payload).toMatchObject({ status: 'success', model: 'text-embed-v2', output: { count: 2, dimensions: 3 }, input_tokens: 6, total_tokens: 6 });
    expect(single.end.payload.output).toEqual({ count: 1, dimensions: 3 });
    expect(JSON.stringify(events)).not.toContain('0.25');
    expect(traces.find((t) => t.trace_id === single.start.trace_id)).toMatchObject({ name: 'openai.embeddings', input_text: 'one text', model: 'text-embed-v2' });
  });

  it('rebuilds a Responses API stream broken off before response.completed from its items', () => {
    const accumulator = responsesStreamAccumulator(0);
    accumulator.add({ type: 'response.output_text.delta', delta: 'Checking' });
    accumulator.add({ type: 'response.output_item.done', item: { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' } });
    expect(accumulator.result().output).toEqual([
      { role: 'assistant', content: 'Checking', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
    ]);
  });

  describe('the trace of a call', () => {
    it('gives the model of the call to an open trace that has none, in the same trace upsert', async () => {
      const traceId = th.startTrace({ name: 'support' });
      await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
      await openai.chat.completions.create({ model: 'other', messages: [{ role: 'user', content: 'hi' }] });
      th.endTrace({ outputText: 'done' });
      await th.flush(1000);
      expect(traces).toHaveLength(1);
      expect(traces[0]).toMatchObject({ trace_id: traceId, name: 'support', model: 'gpt-test-2025', status: 'success', output_text: 'done' });
      expect(llmSpans().every((span) => span.start.trace_id === traceId)).toBe(true);
    });

    it('sends the model in a small upsert when the start of the trace has already been sent', async () => {
      const traceId = th.startTrace({ name: 'long' });
      await th.flush(1000);
      await th.observe('step', async () => openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }), { spanType: 'chain' })();
      await th.flush(1000);
      th.endTrace();
      expect(await th.flush(1000)).toBe(true);
      expect(traces.map((t) => t.model)).toEqual([undefined, 'gpt-test-2025', undefined]);
      expect(traces[1]).toEqual({ trace_id: traceId, model: 'gpt-test-2025' });
    });

    it('gives the model to the trace of a LangGraph run', async () => {
      th.startLanggraphRun({ graphName: 'graph' });
      th.startLanggraphNode({ nodeId: 'n1', nodeName: 'agent' });
      await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
      th.endLanggraphNode({ nodeId: 'n1' });
      th.endLanggraphRun();
      await th.flush(1000);
      expect(traces).toHaveLength(1);
      expect(traces[0]).toMatchObject({ name: 'graph', model: 'gpt-test-2025', status: 'success' });
    });

    it('keeps the model a trace was started with', async () => {
      th.startTrace({ name: 'pinned', model: 'my-agent' });
      await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] });
      th.endTrace();
      await th.flush(1000);
      expect(traces).toHaveLength(1);
      expect(traces[0].model).toBe('my-agent');
    });

    it('uses the request model when the call fails', async () => {
      th.startTrace({ name: 'failing' });
      await expect(openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'fail' }] })).rejects.toThrow();
      th.endTrace({ status: 'error' });
      await th.flush(1000);
      expect(traces[0]).toMatchObject({ model: 'gpt-test', status: 'error' });
    });

    it('gives the model to the implicit trace of an observed root span', async () => {
      const answer = th.observe('answer', async () => {
        const stream = await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }], stream: true });
        for await (const _ of stream) {
          // drain
        }
        return 'ok';
      });
      expect(await answer()).toBe('ok');
      await th.flush(1000);
      expect(traces).toHaveLength(1);
      expect(traces[0]).toMatchObject({ name: 'answer', model: 'gpt-test-2025', status: 'success' });
    });

    it('gives a call with no trace open a trace with name, model, input and output text', async () => {
      await openai.chat.completions.create({
        model: 'gpt-test',
        messages: [
          { role: 'system', content: 'You are terse' },
          { role: 'user', content: 'first question' },
          { role: 'assistant', content: 'first answer' },
          { role: 'user', content: [{ type: 'text', text: 'Say hello' }] },
        ],
      });
      await th.flush(1000);
      const [span] = llmSpans();
      expect(traces).toHaveLength(1);
      expect(traces[0]).toMatchObject({
        trace_id: span.start.trace_id,
        name: 'openai.chat.completions',
        model: 'gpt-test-2025',
        status: 'success',
        input_text: 'Say hello',
        output_text: 'Hello!',
      });
    });

    it('puts the tool calls as JSON in the output text when the answer has no text', async () => {
      await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'weather?' }] });
      await openai.responses.create({ model: 'gpt-resp', input: [{ role: 'user', content: [{ type: 'input_text', text: 'call a tool' }] }] });
      await th.flush(1000);
      const [chat] = llmSpans();
      expect(chat.end.payload.output).toEqual([
        { role: 'assistant', content: null, tool_calls: [{ id: 'call-1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
      ]);
      expect(traces[0]).toMatchObject({ input_text: 'weather?', model: 'gpt-test-2025' });
      expect(JSON.parse(traces[0].output_text)).toEqual([{ id: 'call-1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]);
      expect(traces[1]).toMatchObject({ name: 'openai.responses', input_text: 'call a tool', model: 'gpt-resp' });
    });

    it('gives a streamed Responses API call its trace texts', async () => {
      const stream = await openai.responses.create({ model: 'gpt-resp', input: 'Greet me', stream: true });
      for await (const _ of stream) {
        // drain
      }
      await th.flush(1000);
      expect(traces[0]).toMatchObject({ name: 'openai.responses', input_text: 'Greet me', output_text: 'Hi there', model: 'gpt-resp' });
    });

    it('leaves the texts out when capture is off', async () => {
      const quiet = th.wrapOpenAI(new OpenAI({ apiKey: 'sk-test', baseURL: openaiUrl, maxRetries: 0 }), { captureInput: false, captureOutput: false });
      await quiet.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'secret' }] });
      await th.flush(1000);
      expect(traces[0].model).toBe('gpt-test-2025');
      expect(traces[0].input_text).toBeUndefined();
      expect(traces[0].output_text).toBeUndefined();
      expect(JSON.stringify(events)).not.toContain('secret');
    });
  });

  it('wraps a client only once', () => {
    const create = openai.chat.completions.create;
    th.wrapOpenAI(openai);
    expect(openai.chat.completions.create).toBe(create);
  });
});

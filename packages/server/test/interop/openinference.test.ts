/**
 * Interoperability: OpenInference (`@arizeai/openinference-instrumentation-openai`, patched into
 * the `openai` client with `manuallyInstrument`) calling the fake OpenAI-compatible API; spans go
 * over OTLP/HTTP JSON (Simple processor: children before their root) to a listening Trace Hub on
 * PostgreSQL (SQLite when the run is narrowed to it). An agent (its own AGENT and TOOL spans, as an
 * app adds them) with a tool-calling chat and a streamed chat, session/user/tags from the
 * OpenInference context; embeddings; a failing call. Checks the tree, types, model, messages with
 * tool calls, tokens, cached tokens, cost, session, user, tags, error status and root fields.
 * (What OpenInference 4.2 does not send — usage of streamed chats and embeddings, spans of calls
 * that reject — is not asserted; see the comments at those tests.)
 */
import { SpanStatusCode, context } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { setSession, setTags, setUser } from '@arizeai/openinference-core';
import { OpenAIInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import * as openaiModule from 'openai';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../src/storage/testing/test-stores.js';
import { FAIL_MESSAGE, USAGE, answer, answerAfterTool, startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';
import { DEV_KEY, expectMessages, flatten, shape, spanNamed, startTraceHub, sum, type TraceDetail, type TraceHub, unorderedShape } from './trace-hub.js';

const MODEL = 'gpt-4o-mini';
const EMBEDDING_MODEL = 'text-embedding-3-small';
const BACKEND = BACKENDS.includes('postgres') ? 'postgres' : 'sqlite';

let hub: TraceHub;
let fake: FakeOpenAI;
let provider: NodeTracerProvider;
let client: OpenAI;
/** A copy of every finished span, to learn each call's trace id without asking Trace Hub. */
const memory = new InMemorySpanExporter();

beforeAll(async () => {
  [hub, fake] = await Promise.all([startTraceHub(BACKEND), startFakeOpenAI()]);
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'openinference-app' }),
    spanProcessors: [
      new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${hub.url}/api/v1/otlp/v1/traces`, headers: { authorization: `Bearer ${DEV_KEY}` } })),
      new SimpleSpanProcessor(memory),
    ],
  });
  provider.register();
  const instrumentation = new OpenAIInstrumentation();
  instrumentation.setTracerProvider(provider);
  // The instrumentation types the module through openai's CommonJS declarations; this file sees the ESM ones.
  instrumentation.manuallyInstrument(openaiModule as unknown as Parameters<OpenAIInstrumentation['manuallyInstrument']>[0]);
  client = new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-fake', maxRetries: 0 });
});
afterAll(async () => {
  await provider?.shutdown();
  await Promise.all([hub?.close(), fake?.close()]);
});

const WEATHER_TOOL: ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

/** Flushes and reads back the trace of the last call (its span without a parent). */
async function storedTrace(): Promise<TraceDetail> {
  await provider.forceFlush();
  const [root, ...more] = memory.getFinishedSpans().filter((s) => !s.parentSpanContext);
  expect(root, 'a root span recorded').toBeDefined();
  expect(more, 'one root span recorded').toHaveLength(0);
  memory.reset();
  return hub.detail(root.spanContext().traceId);
}

describe(`OpenInference over the openai client (${BACKEND})`, () => {
  it('an agent with a tool call and a streamed answer: tree, types, model, messages, tokens, cached tokens, cost, session, user, tags, root fields', async () => {
    const tracer = provider.getTracer('weather-app');
    const question = 'What is the weather in Paris?';
    const ctx = setTags(setUser(setSession(context.active(), { sessionId: 'oi-session' }), { userId: 'oi-user' }), ['interop', 'openinference']);
    const finalText = answerAfterTool('sunny');
    const summaryPrompt = `Summarise: ${finalText}`;
    const summary = await context.with(ctx, () =>
      tracer.startActiveSpan('weather agent', { attributes: { 'openinference.span.kind': 'AGENT', 'input.value': question } }, async (agent) => {
        const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: question }];
        const first = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
        const call = first.choices[0].message.tool_calls?.[0];
        if (!call || call.type !== 'function') throw new Error('expected a function tool call');
        const weather = tracer.startActiveSpan('get_weather', {
          attributes: { 'openinference.span.kind': 'TOOL', 'tool.name': 'get_weather', 'input.value': call.function.arguments, 'input.mime_type': 'application/json' },
        }, (span) => {
          span.setAttribute('output.value', 'sunny');
          span.end();
          return 'sunny';
        });
        await client.chat.completions.create({
          model: MODEL,
          messages: [...messages, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: weather }],
          tools: [WEATHER_TOOL],
        });
        const stream = await client.chat.completions.create({
          model: MODEL,
          messages: [{ role: 'user', content: summaryPrompt }],
          stream: true,
          stream_options: { include_usage: true },
        });
        let text = '';
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
        agent.setAttribute('output.value', text);
        agent.end();
        return text;
      }),
    );
    expect(summary).toBe(answer(summaryPrompt));

    const detail = await storedTrace();
    const chat = 'OpenAI Chat Completions (llm)';
    // Siblings compared as a set: span starts have millisecond resolution, the tool and the next chat can tie.
    expect.soft(unorderedShape(detail.spans)).toEqual([{ 'weather agent (agent)': [chat, chat, chat, 'get_weather (tool)'] }]);
    const agent = spanNamed(detail, 'weather agent');
    const tool = spanNamed(detail, 'get_weather');
    const [first, second, streamed] = agent.children.filter((c) => c.name === 'OpenAI Chat Completions');
    const chats = flatten(detail.spans).filter((s) => s.span_type === 'llm');
    const t = detail.trace;

    expect.soft(t.name, 'trace name from the root').toBe('weather agent');
    expect.soft(t.input_text, 'trace input from the root').toBe(question);
    expect.soft(t.output_text, 'trace output from the root').toBe(summary);
    expect.soft(t.session_id).toBe('oi-session');
    expect.soft(t.user_id).toBe('oi-user');
    expect.soft(t.tags).toEqual(expect.arrayContaining(['interop', 'openinference']));
    expect.soft(t.model).toBe(MODEL);
    expect.soft(t.status).toBe('success');
    for (const query of [{ session_id: 'oi-session' }, { user_id: 'oi-user' }, { tag: 'openinference' }, { model: MODEL, session_id: 'oi-session' }]) {
      const items = await hub.list(query);
      expect.soft(items.map((i) => i.trace_id), `list ${JSON.stringify(query)}`).toEqual([t.trace_id]);
    }

    // Tokens, cached tokens, cost. OpenInference 4.2 records no usage on a streamed chat (it reads
    // only content, tool calls and finish reason from the chunks), so the streamed chat has none.
    const usages = [USAGE.toolCall, USAGE.afterTool];
    expect.soft([first, second].map((c) => [c?.model, c?.input_tokens, c?.output_tokens, c?.total_tokens])).toEqual(
      usages.map((u) => [MODEL, u.prompt_tokens, u.completion_tokens, u.prompt_tokens + u.completion_tokens]),
    );
    expect.soft(streamed?.model).toBe(MODEL);
    expect.soft(second?.cached_input_tokens, 'cached prompt tokens').toBe(USAGE.afterTool.cached_tokens);
    const input = usages.reduce((n, u) => n + u.prompt_tokens, 0);
    const output = usages.reduce((n, u) => n + u.completion_tokens, 0);
    expect.soft([t.input_tokens, t.output_tokens, t.total_tokens], 'trace totals').toEqual([input, output, input + output]);
    expect.soft([first, second].every((c) => (c?.cost ?? 0) > 0), 'both chats with usage have a cost').toBe(true);
    expect.soft(t.cost ?? 0, 'trace cost = the chats').toBeCloseTo(sum(chats, 'cost'), 12);
    expect.soft(t.cost ?? 0, 'trace cost (null as 0)').toBeGreaterThan(0);

    // Messages with tool calls; the tool span's input and output.
    const call = { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } };
    expectMessages(first?.input, [{ role: 'user', content: question }], 'first chat input');
    expectMessages(first?.output, [{ role: 'assistant', tool_calls: [call] }], 'first chat output');
    expectMessages(second?.input, [
      { role: 'user', content: question },
      { role: 'assistant', tool_calls: [call] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ], 'second chat input');
    expectMessages(second?.output, [{ role: 'assistant', content: finalText }], 'second chat output');
    expectMessages(streamed?.input, [{ role: 'user', content: summaryPrompt }], 'streamed chat input');
    expectMessages(streamed?.output, [{ role: 'assistant', content: summary }], 'streamed chat output');
    expect.soft(tool.input, 'tool input').toEqual({ city: 'Paris' });
    expect.soft(tool.output, 'tool output').toBe('sunny');
  });

  // OpenInference 4.2 records no usage on embedding spans, so there are no tokens or cost to check.
  it('embeddings: an embedding span with model and input', async () => {
    const result = await client.embeddings.create({ model: EMBEDDING_MODEL, input: 'sunny weather' });
    expect(result.data[0].embedding).toEqual([0.25, 0.5, 0.75]);

    const detail = await storedTrace();
    const [span] = detail.spans;
    expect.soft(shape(detail.spans)).toEqual(['OpenAI Embeddings (embedding)']);
    expect.soft(span?.model).toBe(EMBEDDING_MODEL);
    expect.soft(detail.trace.name).toBe('OpenAI Embeddings');
    expect.soft(detail.trace.model).toBe(EMBEDDING_MODEL);
    expect.soft(JSON.stringify(span?.input) ?? '', 'the embedded text').toContain('sunny weather');
    expect.soft(detail.trace.input_text ?? '', 'trace input from the root').toContain('sunny weather');
  });

  // OpenInference 4.2 never ends the span of a call whose APIPromise rejects (the span ends only on
  // a synchronous throw or a result), so a failing call is seen through the app's own AGENT span,
  // which records the exception and sets the ERROR status as OpenInference apps do.
  it('a failing call: error status and message on the span that recorded it and on the trace', async () => {
    const tracer = provider.getTracer('weather-app');
    const outcome = await tracer.startActiveSpan('failing agent', { attributes: { 'openinference.span.kind': 'AGENT', 'input.value': 'hello' } }, async (agent) => {
      try {
        await client.chat.completions.create({ model: 'fail', messages: [{ role: 'user', content: 'hello' }] });
        return 'no error';
      } catch (error) {
        agent.recordException(error as Error);
        agent.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        return 'failed';
      } finally {
        agent.end();
      }
    });
    expect(outcome).toBe('failed');

    const detail = await storedTrace();
    const agent = spanNamed(detail, 'failing agent');
    expect.soft(agent.span_type).toBe('agent');
    expect.soft(agent.status).toBe('error');
    expect.soft(agent.status_message ?? '').toContain(FAIL_MESSAGE);
    expect.soft(detail.trace.status).toBe('error');
    expect.soft(detail.trace.error_span_count).toBeGreaterThanOrEqual(1);
    expect.soft(detail.trace.name).toBe('failing agent');
    expect.soft(detail.trace.input_text).toBe('hello');
    expect.soft(detail.timeline.some((e) => e.event_type === 'ERROR')).toBe(true);
  });
});

/**
 * Interoperability: the official OpenTelemetry JS SDK with GenAI semantic-convention attributes
 * (spans made by hand, as an app instrumenting itself does), exported over OTLP/HTTP to a
 * listening Trace Hub with the Simple processor (one span per export: children arrive before
 * their root), the Batch processor (one export) and the Batch processor split across exports.
 * Checks the tree, types, model, messages, tokens (an agent span carrying the total is not added
 * to its children's usage), cost, session, user and the trace fields taken from the root; a
 * parent from another service (never exported) and a streamed child that ends after its root.
 */
import { type Context, ROOT_CONTEXT, type Span, SpanKind, defaultTextMapGetter, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_KEY, expectMessages, flatten, shape, startTraceHub, sum, type TraceHub } from './trace-hub.js';

const MODEL = 'gpt-4o-mini';
const QUESTION = 'What is the weather in Paris?';
const ANSWER = 'It is sunny in Paris.';
const SYSTEM = 'You are a weather bot.';

let hub: TraceHub;
beforeAll(async () => {
  hub = await startTraceHub('sqlite');
});
afterAll(async () => {
  await hub?.close();
});

type ProcessorKind = 'simple' | 'batch' | 'batch split';

function processorFor(kind: ProcessorKind): SpanProcessor {
  if (kind === 'simple') return new SimpleSpanProcessor(new ProtoTraceExporter({ url: hub.otlpUrl, headers: { 'x-api-key': DEV_KEY } }));
  const exporter = new JsonTraceExporter({ url: hub.otlpUrl, headers: { authorization: `Bearer ${DEV_KEY}` } });
  // A long delay: only forceFlush exports, so the batches are exactly what the test expects.
  return new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60_000, maxExportBatchSize: kind === 'batch split' ? 2 : 512 });
}

function providerFor(kind: ProcessorKind): BasicTracerProvider {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'weather-service' }),
    spanProcessors: [processorFor(kind)],
  });
}

/** Explicit span times (ms after now), so the order of siblings never depends on timer resolution. */
function clock(): (ms: number) => Date {
  const base = Date.now();
  return (ms) => new Date(base + ms);
}

const text = (content: string) => [{ type: 'text', content }];
const json = (value: unknown) => JSON.stringify(value);

/**
 * An agent run in the GenAI conventions: `invoke_agent` carrying the total usage (22/14), a chat
 * that calls a tool (10/6), the tool execution, and a chat that answers (12/8). Messages in the
 * "parts" format of semantic conventions ≥ 1.37, with `gen_ai.system_instructions`.
 */
function recordAgentRun(provider: BasicTracerProvider, sessionId: string): string {
  const tracer = provider.getTracer('weather-app', '1.0.0');
  const at = clock();
  const agent = tracer.startSpan('invoke_agent weather-bot', {
    kind: SpanKind.INTERNAL,
    startTime: at(0),
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'weather-bot',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': MODEL,
      'gen_ai.conversation.id': sessionId,
      'user.id': 'user-genai',
      'gen_ai.input.messages': json([{ role: 'user', parts: text(QUESTION) }]),
    },
  });
  const inAgent = trace.setSpan(ROOT_CONTEXT, agent);
  const chat1 = tracer.startSpan(`chat ${MODEL}`, {
    kind: SpanKind.CLIENT,
    startTime: at(10),
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': MODEL,
      'gen_ai.system_instructions': json(text(SYSTEM)),
      'gen_ai.input.messages': json([{ role: 'user', parts: text(QUESTION) }]),
    },
  }, inAgent);
  chat1.setAttributes({
    'gen_ai.response.model': MODEL,
    'gen_ai.response.finish_reasons': ['tool_calls'],
    'gen_ai.output.messages': json([
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }], finish_reason: 'tool_call' },
    ]),
    'gen_ai.usage.input_tokens': 10,
    'gen_ai.usage.output_tokens': 6,
  });
  chat1.end(at(100));
  const tool = tracer.startSpan('execute_tool get_weather', {
    startTime: at(110),
    attributes: {
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'get_weather',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.call.arguments': '{"city":"Paris"}',
    },
  }, inAgent);
  tool.setAttribute('gen_ai.tool.call.result', 'sunny');
  tool.end(at(120));
  const chat2 = tracer.startSpan(`chat ${MODEL}`, {
    kind: SpanKind.CLIENT,
    startTime: at(130),
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': MODEL,
      'gen_ai.input.messages': json([
        { role: 'user', parts: text(QUESTION) },
        { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: 'sunny' }] },
      ]),
    },
  }, inAgent);
  chat2.setAttributes({
    'gen_ai.response.model': MODEL,
    'gen_ai.output.messages': json([{ role: 'assistant', parts: text(ANSWER), finish_reason: 'stop' }]),
    'gen_ai.usage.input_tokens': 12,
    'gen_ai.usage.output_tokens': 8,
  });
  chat2.end(at(200));
  agent.setAttributes({
    'gen_ai.output.messages': json([{ role: 'assistant', parts: text(ANSWER), finish_reason: 'stop' }]),
    'gen_ai.usage.input_tokens': 22,
    'gen_ai.usage.output_tokens': 14,
  });
  agent.end(at(210));
  return agent.spanContext().traceId;
}

describe.each(['simple', 'batch', 'batch split'] as const)('OpenTelemetry GenAI spans, %s processor', (kind) => {
  it('stores the agent run whole: tree, types, model, messages, tokens counted once, cost, session, user, root fields', async () => {
    const provider = providerFor(kind);
    const sessionId = `genai-${kind.replace(' ', '-')}`;
    const traceId = recordAgentRun(provider, sessionId);
    await provider.forceFlush();
    await provider.shutdown();

    const detail = await hub.detail(traceId);
    expect.soft(shape(detail.spans)).toEqual([
      { 'invoke_agent weather-bot (agent)': [`chat ${MODEL} (llm)`, 'execute_tool get_weather (tool)', `chat ${MODEL} (llm)`] },
    ]);
    const [agent] = detail.spans;
    const [chat1, tool, chat2] = agent.children;
    const t = detail.trace;
    expect.soft(t.name, 'trace name from the root').toBe('invoke_agent weather-bot');
    expect.soft(t.session_id).toBe(sessionId);
    expect.soft(t.user_id).toBe('user-genai');
    expect.soft(t.model).toBe(MODEL);
    expect.soft(t.status).toBe('success');
    expect.soft(t.span_count).toBe(4);
    expect.soft(t.input_text ?? '', 'trace input from the root').toContain(QUESTION);
    expect.soft(t.output_text ?? '', 'trace output from the root').toContain(ANSWER);

    // Usage: the agent's total is the children's sum, so the trace counts it once.
    expect.soft([chat1.input_tokens, chat1.output_tokens, chat1.total_tokens]).toEqual([10, 6, 16]);
    expect.soft([chat2.input_tokens, chat2.output_tokens, chat2.total_tokens]).toEqual([12, 8, 20]);
    expect.soft([agent.input_tokens, agent.output_tokens, agent.total_tokens], 'the agent span keeps its own usage').toEqual([22, 14, 36]);
    expect.soft([t.input_tokens, t.output_tokens, t.total_tokens], 'trace totals = the children, not doubled').toEqual([22, 14, 36]);
    expect.soft(chat1.model).toBe(MODEL);
    expect.soft(chat1.cost ?? 0, 'chat1.cost (null as 0)').toBeGreaterThan(0);
    expect.soft(chat2.cost ?? 0, 'chat2.cost (null as 0)').toBeGreaterThan(0);
    expect.soft(t.cost ?? 0, 'trace cost = the chats, not doubled').toBeCloseTo(sum([chat1, chat2], 'cost'), 12);

    // Messages in the OpenAI chat shape, system instructions included, tool calls and results.
    expectMessages(chat1.input, [{ role: 'system', content: SYSTEM }, { role: 'user', content: QUESTION }], 'chat 1 input');
    expectMessages(chat1.output, [{ role: 'assistant', tool_calls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] }], 'chat 1 output');
    expectMessages(chat2.input, [
      { role: 'user', content: QUESTION },
      { role: 'assistant', tool_calls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ], 'chat 2 input');
    expectMessages(chat2.output, [{ role: 'assistant', content: ANSWER }], 'chat 2 output');
    expectMessages(agent.input, [{ role: 'user', content: QUESTION }], 'agent input');
    expectMessages(agent.output, [{ role: 'assistant', content: ANSWER }], 'agent output');
    expect.soft(tool.input, 'tool input = the call arguments').toEqual({ city: 'Paris' });
    expect.soft(tool.output, 'tool output = the call result').toBe('sunny');

    // List filters find the trace by session, user and model.
    for (const query of [{ session_id: sessionId }, { user_id: 'user-genai', session_id: sessionId }, { model: MODEL, session_id: sessionId }]) {
      const items = await hub.list(query);
      expect.soft(items.map((i) => i.trace_id), `list ${JSON.stringify(query)}`).toEqual([traceId]);
    }
  });
});

describe('OpenTelemetry GenAI spans across services and arrival orders', () => {
  it.each(['simple', 'batch'] as const)('names the trace after the top-most known span when the parent is in another service (%s processor)', async (kind) => {
    const provider = providerFor(kind);
    const tracer = provider.getTracer('planner-service');
    // The caller's context arrives in a `traceparent` header; its span is never sent to Trace Hub.
    const remoteTraceId = kind === 'simple' ? '4bf92f3577b34da6a3ce929d0e0e4736' : '4bf92f3577b34da6a3ce929d0e0e4737';
    const remoteParentId = '00f067aa0ba902b7';
    const incoming: Context = new W3CTraceContextPropagator().extract(
      ROOT_CONTEXT,
      { traceparent: `00-${remoteTraceId}-${remoteParentId}-01` },
      defaultTextMapGetter,
    );
    const at = clock();
    const top = tracer.startSpan('invoke_agent planner', {
      kind: SpanKind.SERVER,
      startTime: at(0),
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'planner',
        'gen_ai.input.messages': json([{ role: 'user', parts: text('Plan my trip') }]),
        'session.id': `remote-${kind}`,
      },
    }, incoming);
    const chat = tracer.startSpan(`chat ${MODEL}`, {
      startTime: at(10),
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': MODEL,
        'gen_ai.input.messages': json([{ role: 'user', parts: text('Plan my trip, step 1') }]),
        'gen_ai.output.messages': json([{ role: 'assistant', parts: text('Step 1: pack') }]),
        'gen_ai.usage.input_tokens': 5,
        'gen_ai.usage.output_tokens': 3,
      },
    }, trace.setSpan(incoming, top));
    chat.end(at(50));
    // A second call still streams when the top span ends; it is exported in a later request, alone.
    const late = tracer.startSpan(`chat ${MODEL}`, {
      startTime: at(55),
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': MODEL,
        'gen_ai.input.messages': json([{ role: 'user', parts: text('Plan my trip, step 2') }]),
      },
    }, trace.setSpan(incoming, top));
    top.setAttribute('gen_ai.output.messages', json([{ role: 'assistant', parts: text('Your plan is ready') }]));
    top.end(at(60));
    await provider.forceFlush();
    late.setAttributes({
      'gen_ai.output.messages': json([{ role: 'assistant', parts: text('Step 2: go') }]),
      'gen_ai.usage.input_tokens': 2,
      'gen_ai.usage.output_tokens': 1,
    });
    late.end(at(90));
    await provider.forceFlush();
    await provider.shutdown();
    expect(top.spanContext().traceId).toBe(remoteTraceId);

    const detail = await hub.detail(remoteTraceId);
    expect.soft(shape(detail.spans)).toEqual([{ 'invoke_agent planner (agent)': [`chat ${MODEL} (llm)`, `chat ${MODEL} (llm)`] }]);
    expect.soft(detail.spans[0].parent_span_id, 'the remote parent is kept as the parent id').toBe(remoteParentId);
    expect.soft(detail.trace.name, 'trace name from the top-most known span').toBe('invoke_agent planner');
    expect.soft(detail.trace.input_text ?? '', 'trace input from the top-most known span').toContain('Plan my trip');
    expect.soft(detail.trace.input_text ?? '').not.toContain('step');
    expect.soft(detail.trace.output_text ?? '', 'trace output from the top-most known span').toContain('Your plan is ready');
    expect.soft(detail.trace.session_id).toBe(`remote-${kind}`);
    expect.soft(detail.trace.model).toBe(MODEL);
    expect.soft([detail.trace.input_tokens, detail.trace.output_tokens, detail.trace.total_tokens]).toEqual([7, 4, 11]);
  });

  it('a streamed chat that ends after its root was exported does not rename the trace or replace its input', async () => {
    const provider = providerFor('simple');
    const tracer = provider.getTracer('streaming-app');
    const at = clock();
    const root = tracer.startSpan('invoke_agent streamer', {
      startTime: at(0),
      attributes: {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'streamer',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.input.messages': json([{ role: 'user', parts: text('Tell me a story') }]),
        'user.id': 'user-stream',
      },
    });
    const streamed: Span = tracer.startSpan(`chat ${MODEL}`, {
      startTime: at(10),
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': MODEL,
        'gen_ai.input.messages': json([{ role: 'system', parts: text('Be brief') }, { role: 'user', parts: text('story please') }]),
      },
    }, trace.setSpan(ROOT_CONTEXT, root));
    // The handler returns the stream: the root ends (and is exported) while the chat still streams.
    root.setAttribute('gen_ai.output.messages', json([{ role: 'assistant', parts: text('(streaming)') }]));
    root.end(at(20));
    await provider.forceFlush();
    const traceId = root.spanContext().traceId;
    const before = await hub.detail(traceId);
    expect.soft(before.trace.name).toBe('invoke_agent streamer');
    expect.soft(before.trace.model).toBe('gpt-4o');

    streamed.setAttributes({
      'gen_ai.output.messages': json([{ role: 'assistant', parts: text('Once upon a time.') }]),
      'gen_ai.usage.input_tokens': 9,
      'gen_ai.usage.output_tokens': 4,
    });
    streamed.end(at(500));
    await provider.forceFlush();
    await provider.shutdown();

    const detail = await hub.detail(traceId);
    expect.soft(shape(detail.spans)).toEqual([{ 'invoke_agent streamer (agent)': [`chat ${MODEL} (llm)`] }]);
    expect.soft(detail.trace.name, 'the late child does not rename the trace').toBe('invoke_agent streamer');
    expect.soft(detail.trace.input_text ?? '', 'the late child does not replace the trace input').toContain('Tell me a story');
    expect.soft(detail.trace.input_text ?? '').not.toContain('story please');
    expect.soft(detail.trace.output_text ?? '', 'the late child does not replace the trace output').toContain('(streaming)');
    expect.soft(detail.trace.user_id).toBe('user-stream');
    expect.soft(detail.trace.status).toBe('success');
    expect.soft([detail.trace.input_tokens, detail.trace.output_tokens, detail.trace.total_tokens]).toEqual([9, 4, 13]);
    expect.soft(detail.trace.model, 'the model of the root, not of the late child').toBe('gpt-4o');
    expect.soft(flatten(detail.spans).every((s) => s.status === 'success')).toBe(true);
  });
});

// Span-level mapping of the Vercel AI SDK, OpenLLMetry, GenAI message formats and Langfuse, with
// attribute sets as the libraries emit them (ai 6, @traceloop/node-server-sdk 0.27, semconv 1.37+).
import { describe, expect, it } from 'vitest';
import { createPriceTable } from '../pricing.js';
import { spanInputSchema } from '../schemas/ingest.js';
import { toChatMessages } from './messages.js';
import { mapOtlpTraces } from './otlp-mapper.js';
import type { OtlpSpan } from './otlp-types.js';
import { otlpAttributes } from './testing/otlp-attributes.js';
import { traceHintsOf } from './trace-hints.js';

const TRACE = '5b8efff798038103d269b633813fc60c';
const T0 = 1_700_000_000_000_000_000n;
const nanos = (ms: number) => (T0 + BigInt(ms) * 1_000_000n).toString();

let counter = 0;
function span(name: string, a: Record<string, unknown>, extra: Partial<OtlpSpan> = {}): OtlpSpan {
  counter += 1;
  return {
    traceId: TRACE,
    spanId: `00000000000000${counter.toString(16).padStart(2, '0')}`,
    name,
    kind: 1,
    startTimeUnixNano: nanos(0),
    endTimeUnixNano: nanos(100),
    attributes: otlpAttributes(a),
    ...extra,
  };
}
/** Maps one span alone and answers the mapped span (checked against the ingest schema). */
function mapOne(s: OtlpSpan) {
  const { batches, rejected } = mapOtlpTraces({ resourceSpans: [{ scopeSpans: [{ spans: [s] }] }] });
  expect(rejected).toEqual([]);
  const mapped = batches[0].spans[0];
  expect(() => spanInputSchema.parse(mapped)).not.toThrow();
  return mapped;
}
const call = (id: string, name: string, args: string) => ({ id, type: 'function', function: { name, arguments: args } });

describe('Vercel AI SDK (ai 6 telemetry)', () => {
  const base = {
    'ai.model.provider': 'openai.chat',
    'ai.model.id': 'gpt-4o-mini',
    'ai.settings.maxRetries': 2,
    'ai.telemetry.functionId': 'weather-agent',
    'ai.telemetry.metadata.sessionId': 'sess-1',
    'ai.telemetry.metadata.userId': 'user-1',
    'ai.telemetry.metadata.tags': ['beta', 'weather'],
    'ai.telemetry.metadata.plan': 'pro',
    'resource.name': 'weather-agent',
  };

  it('maps the outer generateText span: agent, prompt with system, response text, usage', () => {
    const s = mapOne(
      span('ai.generateText', {
        ...base,
        'operation.name': 'ai.generateText weather-agent',
        'ai.operationId': 'ai.generateText',
        'ai.prompt': JSON.stringify({ system: 'You are a weather bot.', prompt: 'Weather in Seoul?' }),
        'ai.response.finishReason': 'stop',
        'ai.response.text': 'Sunny, 21°C.',
        'ai.usage.inputTokens': 60,
        'ai.usage.inputTokenDetails.cacheReadTokens': 10,
        'ai.usage.outputTokens': 20,
        'ai.usage.totalTokens': 80,
        'ai.usage.reasoningTokens': 4,
        'ai.usage.cachedInputTokens': 10,
      }),
    );
    expect(s).toMatchObject({
      span_type: 'agent',
      model: 'gpt-4o-mini',
      input_tokens: 60,
      output_tokens: 20,
      total_tokens: 80,
      cached_input_tokens: 10,
    });
    expect(s.input).toEqual([
      { role: 'system', content: 'You are a weather bot.' },
      { role: 'user', content: 'Weather in Seoul?' },
    ]);
    expect(s.output).toEqual([{ role: 'assistant', content: 'Sunny, 21°C.' }]);
    expect(s.attributes['ai.prompt']).toBeUndefined();
    expect(s.attributes['ai.response.text']).toBeUndefined();
    expect(s.attributes['ai.usage.reasoningTokens']).toBe(4);
    expect(s.attributes['ai.telemetry.functionId']).toBe('weather-agent');
  });

  it('maps doGenerate: llm, prompt messages with tool calls and results, response tool calls', () => {
    const s = mapOne(
      span('ai.generateText.doGenerate', {
        ...base,
        'operation.name': 'ai.generateText.doGenerate weather-agent',
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.prompt.messages': JSON.stringify([
          { role: 'system', content: 'You are a weather bot.' },
          { role: 'user', content: [{ type: 'text', text: 'Weather in Seoul?' }] },
          { role: 'assistant', content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: { city: 'Seoul' } }] },
          {
            role: 'tool',
            content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'weather', output: { type: 'json', value: { temp: 21 } } }],
          },
        ]),
        'ai.prompt.tools': ['{"type":"function","name":"weather"}'],
        'ai.prompt.toolChoice': '{"type":"auto"}',
        'gen_ai.system': 'openai.chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'ai.response.finishReason': 'tool-calls',
        'ai.response.toolCalls': JSON.stringify([{ toolCallId: 'call_2', toolName: 'forecast', input: '{"city":"Seoul","days":2}' }]),
        'ai.response.id': 'chatcmpl-1',
        'ai.response.model': 'gpt-4o-mini-2024-07-18',
        'ai.usage.inputTokens': 40,
        'ai.usage.outputTokens': 8,
        'ai.usage.totalTokens': 48,
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.usage.input_tokens': 40,
        'gen_ai.usage.output_tokens': 8,
      }),
    );
    expect(s).toMatchObject({ span_type: 'llm', model: 'gpt-4o-mini-2024-07-18', input_tokens: 40, output_tokens: 8, total_tokens: 48 });
    expect(s.input).toEqual([
      { role: 'system', content: 'You are a weather bot.' },
      { role: 'user', content: 'Weather in Seoul?' },
      { role: 'assistant', content: null, tool_calls: [call('call_1', 'weather', '{"city":"Seoul"}')] },
      { role: 'tool', content: '{"temp":21}', tool_call_id: 'call_1', name: 'weather' },
    ]);
    expect(s.output).toEqual([{ role: 'assistant', content: null, tool_calls: [call('call_2', 'forecast', '{"city":"Seoul","days":2}')] }]);
    expect(s.attributes['ai.prompt.messages']).toBeUndefined();
    expect(s.attributes['ai.response.toolCalls']).toBeUndefined();
    expect(s.attributes['ai.prompt.tools']).toEqual(['{"type":"function","name":"weather"}']);
  });

  it('maps streamText.doStream and generateObject', () => {
    const stream = mapOne(
      span('ai.streamText.doStream', {
        'ai.operationId': 'ai.streamText.doStream',
        'ai.model.id': 'gpt-4o',
        'ai.prompt.messages': JSON.stringify([{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]),
        'ai.response.text': 'hello',
        'ai.usage.inputTokens': 3,
        'ai.usage.outputTokens': 2,
      }),
    );
    expect(stream).toMatchObject({ span_type: 'llm', model: 'gpt-4o', total_tokens: 5, output: [{ role: 'assistant', content: 'hello' }] });
    const object = mapOne(
      span('ai.generateObject', {
        'ai.operationId': 'ai.generateObject',
        'ai.prompt': JSON.stringify({ messages: [{ role: 'user', content: 'a city' }] }),
        'ai.response.object': '{"city":"Seoul"}',
        'ai.usage.promptTokens': 5,
        'ai.usage.completionTokens': 6,
      }),
    );
    expect(object).toMatchObject({
      span_type: 'agent',
      input: [{ role: 'user', content: 'a city' }],
      output: [{ role: 'assistant', content: '{"city":"Seoul"}' }],
      input_tokens: 5,
      output_tokens: 6,
      total_tokens: 11,
    });
  });

  it('maps a tool call span: tool, args as input, result as output', () => {
    const s = mapOne(
      span('ai.toolCall', {
        'operation.name': 'ai.toolCall weather-agent',
        'ai.operationId': 'ai.toolCall',
        'ai.telemetry.functionId': 'weather-agent',
        'ai.toolCall.name': 'weather',
        'ai.toolCall.id': 'call_1',
        'ai.toolCall.args': '{"city":"Seoul"}',
        'ai.toolCall.result': '{"temp":21}',
      }),
    );
    expect(s).toMatchObject({ span_type: 'tool', input: { city: 'Seoul' }, output: { temp: 21 } });
    expect(s.attributes['ai.toolCall.name']).toBe('weather');
    expect(s.attributes['ai.toolCall.args']).toBeUndefined();
  });

  it('types the span from operation.name when ai.operationId is missing', () => {
    expect(mapOne(span('x', { 'operation.name': 'ai.toolCall my-fn' })).span_type).toBe('tool');
  });

  it('maps embed and embedMany: embedding, model, tokens, values and vectors', () => {
    const one = mapOne(
      span('ai.embed', {
        'ai.operationId': 'ai.embed',
        'ai.model.provider': 'openai.embedding',
        'ai.model.id': 'text-embedding-3-small',
        'ai.value': '"sunny day"',
        'ai.embedding': '[0.1,0.2]',
        'ai.usage.tokens': 3,
      }),
    );
    expect(one).toMatchObject({
      span_type: 'embedding',
      model: 'text-embedding-3-small',
      input: 'sunny day',
      output: [0.1, 0.2],
      input_tokens: 3,
      total_tokens: 3,
    });
    const many = mapOne(
      span('ai.embedMany.doEmbed', {
        'ai.operationId': 'ai.embedMany.doEmbed',
        'ai.model.id': 'text-embedding-3-small',
        'ai.values': ['"a"', '"b"'],
        'ai.embeddings': ['[0.1]', '[0.2]'],
        'ai.usage.tokens': 2,
      }),
    );
    expect(many).toMatchObject({ span_type: 'embedding', input: ['a', 'b'], output: [[0.1], [0.2]], input_tokens: 2 });
  });

  it('reads session, user, tags and metadata from ai.telemetry.metadata.*', () => {
    const hints = traceHintsOf(base);
    expect(hints).toMatchObject({ session_id: 'sess-1', user_id: 'user-1', tags: ['beta', 'weather'], metadata: { plan: 'pro' } });
    expect(traceHintsOf({ 'ai.telemetry.metadata.session_id': 's', 'ai.telemetry.metadata.user_id': 'u' })).toMatchObject({
      session_id: 's',
      user_id: 'u',
    });
  });
});

describe('OpenLLMetry (@traceloop/node-server-sdk 0.27)', () => {
  const association = {
    'traceloop.association.properties.session_id': 'sess-9',
    'traceloop.association.properties.user_id': 'user-9',
    'traceloop.association.properties.tenant': 'acme',
  };

  it('types workflow, task, agent, tool spans and reads entity input/output', () => {
    const workflow = mapOne(
      span('joke_creation.workflow', {
        'traceloop.span.kind': 'workflow',
        'traceloop.workflow.name': 'joke_creation',
        'traceloop.entity.name': 'joke_creation',
        'traceloop.entity.input': '{"args":[],"kwargs":{"topic":"cats"}}',
        'traceloop.entity.output': '"Why did the cat…"',
        ...association,
      }),
    );
    expect(workflow).toMatchObject({ span_type: 'chain', input: { args: [], kwargs: { topic: 'cats' } }, output: 'Why did the cat…' });
    expect(workflow.attributes['traceloop.entity.input']).toBeUndefined();
    expect(workflow.attributes['traceloop.workflow.name']).toBe('joke_creation');
    const kinds = ['task', 'agent', 'tool', 'unknown'].map((kind) => mapOne(span(`x.${kind}`, { 'traceloop.span.kind': kind })).span_type);
    expect(kinds).toEqual(['chain', 'agent', 'tool', 'span']);
  });

  it('reads session, user and metadata from association properties', () => {
    expect(traceHintsOf(association)).toMatchObject({ session_id: 'sess-9', user_id: 'user-9', metadata: { tenant: 'acme' } });
    expect(traceHintsOf({ 'traceloop.association.properties.sessionId': 'a', 'traceloop.association.properties.userId': 'b' })).toMatchObject({
      session_id: 'a',
      user_id: 'b',
    });
    const mixed = traceHintsOf({
      'traceloop.association.properties.tags': 'red,blue',
      'traceloop.association.properties.team': 'search',
      'langfuse.trace.metadata.team': 'billing',
      'langfuse.session.id': 'lf-session',
      'traceloop.association.properties.session_id': 'tl-session',
    });
    expect(mixed).toMatchObject({ tags: ['red', 'blue'], metadata: { team: 'billing' }, session_id: 'lf-session' });
  });

  it('maps an OpenAI chat span: parts messages with tool calls, usage and cached tokens', () => {
    const s = mapOne(
      span('chat gpt-4o-mini', {
        'gen_ai.provider.name': 'openai',
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
        'gen_ai.input.messages': JSON.stringify([
          { role: 'system', parts: [{ type: 'text', content: 'be brief' }] },
          { role: 'user', parts: [{ type: 'text', content: 'weather?' }] },
          { role: 'assistant', parts: [{ type: 'tool_call', id: 'call_1', name: 'weather', arguments: { city: 'Seoul' } }] },
          { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '{"temp":21}' }] },
        ]),
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: 'Sunny.' }], finish_reason: 'stop' },
        ]),
        'gen_ai.usage.input_tokens': 30,
        'gen_ai.usage.output_tokens': 5,
        'llm.usage.total_tokens': 35,
        'gen_ai.usage.cache_read_input_tokens': 12,
        ...association,
      }),
    );
    expect(s).toMatchObject({ span_type: 'llm', input_tokens: 30, output_tokens: 5, total_tokens: 35, cached_input_tokens: 12 });
    expect(s.input).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, tool_calls: [call('call_1', 'weather', '{"city":"Seoul"}')] },
      { role: 'tool', content: '{"temp":21}', tool_call_id: 'call_1' },
    ]);
    expect(s.output).toEqual([{ role: 'assistant', content: 'Sunny.' }]);
  });

  it('maps legacy gen_ai.completion.N.tool_calls.M.* into tool calls', () => {
    const s = mapOne(
      span('openai.chat', {
        'llm.request.type': 'chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.prompt.0.role': 'user',
        'gen_ai.prompt.0.content': 'weather?',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.finish_reason': 'tool_calls',
        'gen_ai.completion.0.tool_calls.0.id': 'call_1',
        'gen_ai.completion.0.tool_calls.0.name': 'weather',
        'gen_ai.completion.0.tool_calls.0.arguments': '{"city":"Seoul"}',
      }),
    );
    expect(s.output).toEqual([{ role: 'assistant', content: null, tool_calls: [call('call_1', 'weather', '{"city":"Seoul"}')] }]);
  });
});

describe('GenAI message formats', () => {
  it('prepends gen_ai.system_instructions to gen_ai.input.messages', () => {
    const s = mapOne(
      span('chat claude', {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system_instructions': JSON.stringify([{ type: 'text', content: 'You are terse.' }]),
        'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]),
        'gen_ai.output.messages': JSON.stringify([
          {
            role: 'assistant',
            parts: [
              { type: 'text', content: 'Let me check.' },
              { type: 'tool_call', id: 't1', name: 'lookup', arguments: { q: 'x' } },
            ],
            finish_reason: 'tool_call',
          },
        ]),
      }),
    );
    expect(s.input).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'hi' },
    ]);
    expect(s.output).toEqual([{ role: 'assistant', content: 'Let me check.', tool_calls: [call('t1', 'lookup', '{"q":"x"}')] }]);
    expect(s.attributes['gen_ai.system_instructions']).toBeUndefined();
  });

  it('reads tool_call_response with result (semconv) and event-style messages', () => {
    expect(toChatMessages([{ role: 'tool', parts: [{ type: 'tool_call_response', id: 'a', result: { ok: true } }] }])).toEqual([
      { role: 'tool', content: '{"ok":true}', tool_call_id: 'a' },
    ]);
    const s = mapOne(
      span(
        'chat gpt-4o',
        { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
        {
          events: [
            { name: 'gen_ai.system.message', attributes: otlpAttributes({ 'gen_ai.system': 'openai', content: 'be brief' }) },
            { name: 'gen_ai.user.message', attributes: otlpAttributes({ content: 'weather?' }) },
            {
              name: 'gen_ai.assistant.message',
              attributes: otlpAttributes({ tool_calls: JSON.stringify([call('c1', 'weather', '{"city":"Seoul"}')]) }),
            },
            { name: 'gen_ai.tool.message', attributes: otlpAttributes({ id: 'c1', content: '{"temp":21}' }) },
            {
              name: 'gen_ai.choice',
              attributes: otlpAttributes({ index: 0, finish_reason: 'stop', message: JSON.stringify({ role: 'assistant', content: 'Sunny.' }) }),
            },
          ],
        },
      ),
    );
    expect(s.input).toEqual([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: null, tool_calls: [call('c1', 'weather', '{"city":"Seoul"}')] },
      { role: 'tool', content: '{"temp":21}', tool_call_id: 'c1' },
    ]);
    expect(s.output).toEqual([{ role: 'assistant', content: 'Sunny.' }]);
  });

  it('rebuilds OpenInference tool calls and keeps input.value when messages exist', () => {
    const s = mapOne(
      span('ChatCompletion', {
        'openinference.span.kind': 'LLM',
        'input.value': '{"model":"gpt-4o","messages":[]}',
        'input.mime_type': 'application/json',
        'llm.input_messages.0.message.role': 'user',
        'llm.input_messages.0.message.contents.0.message_content.type': 'text',
        'llm.input_messages.0.message.contents.0.message_content.text': 'weather?',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'call_1',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'weather',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments': '{"city":"Seoul"}',
      }),
    );
    expect(s.input).toEqual([{ role: 'user', content: 'weather?' }]);
    expect(s.output).toEqual([{ role: 'assistant', content: null, tool_calls: [call('call_1', 'weather', '{"city":"Seoul"}')] }]);
    expect(s.attributes['input.value']).toBe('{"model":"gpt-4o","messages":[]}');
  });

  it('keeps images as OpenAI image_url parts and reads Anthropic tool_use / tool_result blocks', () => {
    const png = 'iVBORw0KGgo=';
    expect(
      toChatMessages([
        { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
        { role: 'user', parts: [{ type: 'blob', modality: 'image', mime_type: 'image/jpeg', content: png }, { type: 'uri', modality: 'image', uri: 'https://example.com/b.png' }] },
        { role: 'user', contents: [{ message_content: { type: 'image', image: { image: { url: `data:image/png;base64,${png}` } } } }] },
        { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/gif', data: png } }, { type: 'text', text: 'and this?' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'zooming' }, { type: 'tool_use', id: 'tu_1', name: 'zoom', input: { level: 2 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: [{ type: 'text', text: 'zoomed' }] }] },
      ]),
    ).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${png}` } },
          { type: 'image_url', image_url: { url: 'https://example.com/b.png' } },
        ],
      },
      { role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] },
      { role: 'user', content: [{ type: 'text', text: 'and this?' }, { type: 'image_url', image_url: { url: `data:image/gif;base64,${png}` } }] },
      { role: 'assistant', content: 'zooming', tool_calls: [call('tu_1', 'zoom', '{"level":2}')] },
      { role: 'tool', content: 'zoomed', tool_call_id: 'tu_1' },
    ]);
  });

  it('leaves non-message values alone and normalises a single message', () => {
    expect(toChatMessages({ args: [1], kwargs: {} })).toBeUndefined();
    expect(toChatMessages('plain text')).toBeUndefined();
    expect(toChatMessages([{ role: 'user', content: 'a' }, 'b'])).toBeUndefined();
    expect(toChatMessages({ role: 'assistant', content: 'hi' })).toEqual([{ role: 'assistant', content: 'hi' }]);
  });
});

describe('Langfuse attributes', () => {
  it('turns level ERROR into an errored span', () => {
    const s = mapOne(
      span('OpenAI-generation', {
        'langfuse.observation.type': 'generation',
        'langfuse.observation.level': 'ERROR',
        'langfuse.observation.status_message': 'Rate limit reached',
      }),
    );
    expect(s).toMatchObject({ status: 'error', level: 'ERROR', status_message: 'Rate limit reached' });
  });

  it('adds cached tokens back to usage_details.input, so total = input + output', () => {
    const s = mapOne(
      span('gen', {
        'langfuse.observation.type': 'generation',
        'langfuse.observation.usage_details': '{"input":8,"input_cached_tokens":3,"output":14}',
      }),
    );
    expect(s).toMatchObject({ input_tokens: 11, cached_input_tokens: 3, output_tokens: 14, total_tokens: 25 });
    // The price table charges 8 uncached input tokens at the input price and 3 at the cached price.
    const perToken = { input: 0.15e-6, cached: 0.075e-6, output: 0.6e-6 };
    expect(createPriceTable().cost('gpt-4o-mini', s)).toBeCloseTo(8 * perToken.input + 3 * perToken.cached + 14 * perToken.output, 15);
    const withoutCache = mapOne(
      span('gen', { 'langfuse.observation.type': 'generation', 'langfuse.observation.usage_details': '{"input":8,"output":14}' }),
    );
    expect(withoutCache).toMatchObject({ input_tokens: 8, output_tokens: 14, total_tokens: 22 });
  });
});

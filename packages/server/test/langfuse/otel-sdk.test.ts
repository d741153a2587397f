/**
 * The Langfuse OTel-based SDKs against a listening Trace Hub: the real `@langfuse/tracing` +
 * `@langfuse/otel` (LangfuseSpanProcessor, configured only by publicKey, secretKey and baseUrl) and
 * `@langfuse/openai` (observeOpenAI over a fake OpenAI-compatible API, plain and streamed) export to
 * `/api/public/otel/v1/traces`; the Python SDKs v3/v4 are represented by a protobuf export with the
 * attributes they set. Every result is read back through `/api/v1/traces/:id` and the Langfuse
 * `GET /api/public/traces/{id}`.
 */
import { gzipSync } from 'node:zlib';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { observeOpenAI } from '@langfuse/openai';
import { propagateAttributes, setActiveTraceIO, setLangfuseTracerProvider, startActiveObservation, startObservation } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { otlpTraceProtoTypes } from '@tracehub/core/otlp-proto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer, FAIL_MESSAGE, startFakeOpenAI, USAGE, type FakeOpenAI } from '../interop/fake-openai.js';
import { flatten, spanNamed, startTraceHub, type StoredSpan, type TraceHub } from '../interop/trace-hub.js';

const PUBLIC_KEY = 'pk-lf-otel-test';
const auth = (secret = 'dev-key') => `Basic ${Buffer.from(`${PUBLIC_KEY}:${secret}`).toString('base64')}`;

interface LangfuseObservation {
  id: string;
  type: string;
  name: string;
  parentObservationId: string | null;
  level: string;
  statusMessage: string | null;
  model: string | null;
  usageDetails: Record<string, number>;
  costDetails: Record<string, number>;
  [key: string]: unknown;
}

let hub: TraceHub;
let openai: FakeOpenAI;
let processor: LangfuseSpanProcessor;
let provider: NodeTracerProvider;

beforeAll(async () => {
  hub = await startTraceHub('sqlite');
  openai = await startFakeOpenAI();
  processor = new LangfuseSpanProcessor({ publicKey: PUBLIC_KEY, secretKey: 'dev-key', baseUrl: hub.url, environment: 'staging', release: 'rel-7' });
  provider = new NodeTracerProvider({ spanProcessors: [processor] });
  provider.register();
  setLangfuseTracerProvider(provider);
});
afterAll(async () => {
  await provider?.shutdown();
  await openai?.close();
  await hub?.close();
});

/** The Langfuse API's view of a trace. */
async function langfuseTrace(traceId: string) {
  const response = await fetch(`${hub.url}/api/public/traces/${traceId}`, { headers: { authorization: auth() } });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { observations: LangfuseObservation[]; [key: string]: unknown };
  const byName = (name: string): LangfuseObservation => {
    const found = body.observations.filter((o: LangfuseObservation) => o.name === name);
    expect(found, `one observation named ${name}`).toHaveLength(1);
    return found[0];
  };
  return { body, byName };
}

describe('@langfuse/tracing + @langfuse/otel 5.x', () => {
  let traceId = '';

  beforeAll(async () => {
    await startActiveObservation(
      'weather-agent',
      async (agent) => {
        traceId = agent.traceId;
        await propagateAttributes(
          { userId: 'user-42', sessionId: 'sess-7', tags: ['lf', 'otel'], traceName: 'weather question', version: 'app-v3', metadata: { team: 'search' } },
          async () => {
            setActiveTraceIO({ input: { question: 'Weather in Paris?' }, output: { answer: 'Sunny' } });
            agent.update({ input: { question: 'Weather in Paris?' } });
            const tool = startObservation('get_weather', { input: { city: 'Paris' } }, { asType: 'tool' });
            tool.update({ output: { sky: 'sunny' } }).end();
            const generation = startObservation(
              'compose-answer',
              {
                model: 'gpt-4o-mini',
                input: [{ role: 'user', content: 'Weather in Paris?' }],
                modelParameters: { temperature: 0.1 },
                completionStartTime: new Date(Date.now() + 5),
                usageDetails: { input: 80, output: 20, input_cached_tokens: 20, total: 120 },
                costDetails: { input: 0.001, output: 0.002, total: 0.003 },
                metadata: { attempt: 1 },
              },
              { asType: 'generation' },
            );
            generation.update({ output: { role: 'assistant', content: 'Sunny' } }).end();
            startObservation('cache-hit', { input: { key: 'paris' } }, { asType: 'event' });
            const guard = startObservation('moderation', { input: 'Sunny' }, { asType: 'guardrail' });
            guard.update({ level: 'ERROR', statusMessage: 'blocked by policy' }).end();
            const chain = startObservation('post-process', {}, { asType: 'chain' });
            chain.end();
          },
        );
        agent.update({ output: { answer: 'Sunny' } });
      },
      { asType: 'agent' },
    );
    await processor.forceFlush();
  });

  it('stores the nested observations with types, usage, cost, level and the trace fields (Trace Hub API)', async () => {
    const detail = await hub.detail(traceId);
    expect(detail.trace).toMatchObject({
      name: 'weather question', user_id: 'user-42', session_id: 'sess-7', tags: ['lf', 'otel'], environment: 'staging', release: 'rel-7', version: 'app-v3',
    });
    expect(JSON.parse(detail.trace.input_text ?? 'null')).toEqual({ question: 'Weather in Paris?' });
    expect(JSON.parse(detail.trace.output_text ?? 'null')).toEqual({ answer: 'Sunny' });
    const types = Object.fromEntries(flatten(detail.spans).map((s: StoredSpan) => [s.name, s.span_type]));
    expect(types).toEqual({
      'weather-agent': 'agent', get_weather: 'tool', 'compose-answer': 'llm', 'cache-hit': 'event', moderation: 'guardrail', 'post-process': 'chain',
    });
    expect(detail.spans).toHaveLength(1);
    expect(detail.spans[0].children.map((c: StoredSpan) => c.name).sort()).toEqual(['cache-hit', 'compose-answer', 'get_weather', 'moderation', 'post-process']);
    const generation = spanNamed(detail, 'compose-answer');
    // Langfuse's `input` excludes cached tokens; Trace Hub's input_tokens include them.
    expect(generation).toMatchObject({ model: 'gpt-4o-mini', input_tokens: 100, cached_input_tokens: 20, output_tokens: 20, total_tokens: 120, cost: 0.003 });
    expect(spanNamed(detail, 'moderation')).toMatchObject({ status: 'error', level: 'ERROR', status_message: 'blocked by policy' });
    expect(spanNamed(detail, 'get_weather')).toMatchObject({ input: { city: 'Paris' }, output: { sky: 'sunny' } });
  });

  it('reads back through the Langfuse API as the SDK sent it', async () => {
    const { body, byName } = await langfuseTrace(traceId);
    expect(body).toMatchObject({
      id: traceId, name: 'weather question', userId: 'user-42', sessionId: 'sess-7', tags: ['lf', 'otel'], environment: 'staging',
      release: 'rel-7', version: 'app-v3', input: { question: 'Weather in Paris?' }, output: { answer: 'Sunny' }, totalCost: 0.003,
    });
    expect(body.metadata).toMatchObject({ team: 'search' });
    expect(body.observations).toHaveLength(6);
    const agent = byName('weather-agent');
    expect(agent).toMatchObject({ type: 'AGENT', parentObservationId: null });
    expect(byName('get_weather')).toMatchObject({ type: 'TOOL', parentObservationId: agent.id, input: { city: 'Paris' }, output: { sky: 'sunny' } });
    expect(byName('cache-hit')).toMatchObject({ type: 'EVENT', parentObservationId: agent.id });
    expect(byName('post-process')).toMatchObject({ type: 'CHAIN' });
    expect(byName('moderation')).toMatchObject({ type: 'GUARDRAIL', level: 'ERROR', statusMessage: 'blocked by policy' });
    const generation = byName('compose-answer');
    expect(generation).toMatchObject({
      type: 'GENERATION', model: 'gpt-4o-mini', modelParameters: { temperature: 0.1 }, environment: 'staging',
      usageDetails: { input: 80, output: 20, input_cached_tokens: 20, total: 120 }, costDetails: { input: 0.001, output: 0.002, total: 0.003 },
      usage: { input: 80, output: 20, total: 120, unit: 'TOKENS', inputCost: 0.001, outputCost: 0.002, totalCost: 0.003 },
      // Chat messages read back in Trace Hub's one message shape: a list.
      metadata: { attempt: 1 }, output: [{ role: 'assistant', content: 'Sunny' }],
    });
    expect(generation.completionStartTime).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/));
    const list = await fetch(`${hub.url}/api/public/traces?userId=user-42&tags=lf&tags=otel`, { headers: { authorization: auth() } });
    expect(((await list.json()) as { data: Array<{ id: string }> }).data.map((t) => t.id)).toEqual([traceId]);
  });
});

describe('@langfuse/openai observeOpenAI', () => {
  const client = () =>
    observeOpenAI(new OpenAI({ apiKey: 'sk-fake', baseURL: openai.baseURL }), {
      traceName: 'faq-bot', userId: 'user-9', sessionId: 'sess-openai', tags: ['openai'], generationName: 'faq-answer',
    });

  it('records a chat completion, a streamed one and a failed one as generations with usage', async () => {
    const plain = await client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }], temperature: 0.3 });
    expect(plain.choices[0].message.content).toBe(answer('Hello'));
    const stream = await client().chat.completions.create({
      model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Stream please' }], stream: true, stream_options: { include_usage: true },
    });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';
    expect(streamed).toBe(answer('Stream please'));
    await expect(client().chat.completions.create({ model: 'fail', messages: [{ role: 'user', content: 'x' }] })).rejects.toThrow();
    await processor.forceFlush();

    const traces = await hub.list({ session_id: 'sess-openai', sort: 'start_time:asc' });
    expect(traces).toHaveLength(3);
    const [first, second, third] = await Promise.all(traces.map((t) => hub.detail(t.trace_id)));
    const cached = USAGE.text.cached_tokens;
    for (const detail of [first, second]) {
      expect(detail.trace).toMatchObject({ name: 'faq-bot', user_id: 'user-9', tags: ['openai'] });
      expect(spanNamed(detail, 'faq-answer')).toMatchObject({
        span_type: 'llm', model: 'gpt-4o-mini', status: 'success',
        input_tokens: USAGE.text.prompt_tokens, output_tokens: USAGE.text.completion_tokens, cached_input_tokens: cached,
      });
    }
    expect(spanNamed(second, 'faq-answer').output).toEqual(answer('Stream please'));
    expect(spanNamed(third, 'faq-answer')).toMatchObject({ status: 'error', level: 'ERROR' });
    expect(spanNamed(third, 'faq-answer').status_message).toContain(FAIL_MESSAGE);

    const { byName } = await langfuseTrace(first.trace.trace_id);
    expect(byName('faq-answer')).toMatchObject({
      type: 'GENERATION', model: 'gpt-4o-mini', modelParameters: expect.objectContaining({ temperature: 0.3 }),
      usageDetails: { input: USAGE.text.prompt_tokens - cached, output: USAGE.text.completion_tokens, input_cached_tokens: cached },
    });
    const streamedObservation = (await langfuseTrace(second.trace.trace_id)).byName('faq-answer');
    expect(streamedObservation.completionStartTime).toEqual(expect.any(String));
    expect((await langfuseTrace(third.trace.trace_id)).byName('faq-answer')).toMatchObject({ level: 'ERROR' });
  });
});

describe('Langfuse Python SDK v3/v4 (OTLP protobuf export with its attributes)', () => {
  it('maps a recorded-shape export: trace fields, a generation with usage and cost, an error span', async () => {
    const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    const hex = (id: string) => Buffer.from(id, 'hex');
    const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const nanos = (ms: number) => String(BigInt(Date.parse('2026-02-10T09:00:00Z') + ms) * 1_000_000n);
    // As langfuse-python 3.x/4.x exports through its LangfuseSpanProcessor (OTLP/HTTP protobuf):
    // scope `langfuse-sdk`, JSON-serialised inputs, usage and cost details, trace fields on the root.
    const { request } = otlpTraceProtoTypes();
    const body = Buffer.from(request.encode(request.fromObject({
      resourceSpans: [{
        resource: { attributes: [str('service.name', 'interview-app'), str('telemetry.sdk.language', 'python'), str('telemetry.sdk.name', 'opentelemetry')] },
        scopeSpans: [{
          scope: { name: 'langfuse-sdk', version: '3.3.0' },
          spans: [
            {
              traceId: hex(traceId), spanId: hex('1000000000000001'), name: 'analyze_answer', kind: 1, startTimeUnixNano: nanos(0), endTimeUnixNano: nanos(900),
              attributes: [
                str('langfuse.observation.type', 'span'), str('langfuse.trace.name', 'interview.analyze'), str('user.id', 'cand-1'),
                str('session.id', 'interview-9'), { key: 'langfuse.trace.tags', value: { arrayValue: { values: [{ stringValue: 'prep' }] } } },
                str('langfuse.environment', 'production'), str('langfuse.release', 'py-rel'),
                str('langfuse.observation.input', '{"args": [], "kwargs": {"question": "Q1"}}'), str('langfuse.observation.output', '"fine"'),
                str('langfuse.trace.input', '{"question": "Q1"}'), str('langfuse.trace.output', '"fine"'), str('langfuse.trace.metadata.team', 'hr'),
              ],
            },
            {
              traceId: hex(traceId), spanId: hex('1000000000000002'), parentSpanId: hex('1000000000000001'), name: 'openai-call', kind: 1,
              startTimeUnixNano: nanos(100), endTimeUnixNano: nanos(800),
              attributes: [
                str('langfuse.observation.type', 'generation'), str('langfuse.observation.model.name', 'gpt-4o'),
                str('langfuse.observation.model.parameters', '{"temperature": 0.0, "max_tokens": 300}'),
                str('langfuse.observation.usage_details', '{"input": 50, "output": 10, "input_cache_read": 30}'),
                str('langfuse.observation.cost_details', '{"input": 0.0002, "output": 0.0001, "input_cache_read": 0.00003}'),
                str('langfuse.observation.completion_start_time', '"2026-02-10T09:00:00.300000+00:00"'),
                str('langfuse.observation.prompt.name', 'analyze'), { key: 'langfuse.observation.prompt.version', value: { intValue: 3 } },
                str('langfuse.observation.input', '[{"role": "user", "content": "Q1"}]'), str('langfuse.observation.output', '{"role": "assistant", "content": "fine"}'),
              ],
            },
            {
              traceId: hex(traceId), spanId: hex('1000000000000003'), parentSpanId: hex('1000000000000001'), name: 'validate', kind: 1,
              startTimeUnixNano: nanos(810), endTimeUnixNano: nanos(850), status: { code: 2, message: 'ValueError: empty answer' },
              attributes: [str('langfuse.observation.type', 'span'), str('langfuse.observation.level', 'ERROR'), str('langfuse.observation.status_message', 'ValueError: empty answer')],
            },
          ],
        }],
      }],
    })).finish());
    // gzip, as the exporter sends it with OTEL_EXPORTER_OTLP_COMPRESSION=gzip.
    const response = await fetch(`${hub.url}/api/public/otel/v1/traces`, {
      method: 'POST', body: gzipSync(body), headers: { authorization: auth(), 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
    });
    expect(response.status).toBe(200);

    const detail = await hub.detail(traceId);
    expect(detail.trace).toMatchObject({
      name: 'interview.analyze', user_id: 'cand-1', session_id: 'interview-9', tags: ['prep'], environment: 'production', release: 'py-rel', status: 'error',
    });
    expect(JSON.parse(detail.trace.input_text ?? 'null')).toEqual({ question: 'Q1' });
    expect(spanNamed(detail, 'openai-call')).toMatchObject({
      span_type: 'llm', model: 'gpt-4o', input_tokens: 80, cached_input_tokens: 30, output_tokens: 10, total_tokens: 90,
    });
    expect(spanNamed(detail, 'openai-call').cost).toBeCloseTo(0.00033, 10);
    expect(spanNamed(detail, 'validate')).toMatchObject({ status: 'error', level: 'ERROR', status_message: 'ValueError: empty answer' });

    const { body: trace, byName } = await langfuseTrace(traceId);
    expect(trace).toMatchObject({ name: 'interview.analyze', userId: 'cand-1', sessionId: 'interview-9', input: { question: 'Q1' }, output: 'fine' });
    expect(byName('openai-call')).toMatchObject({
      type: 'GENERATION', model: 'gpt-4o', modelParameters: { temperature: 0, max_tokens: 300 }, promptName: 'analyze', promptVersion: 3,
      usageDetails: { input: 50, output: 10, input_cache_read: 30 }, completionStartTime: '2026-02-10T09:00:00.300Z', timeToFirstToken: 0.2,
    });
    expect(byName('validate')).toMatchObject({ type: 'SPAN', level: 'ERROR', statusMessage: 'ValueError: empty answer' });
  });
});

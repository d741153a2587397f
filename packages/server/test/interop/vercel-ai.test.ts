/**
 * Interoperability: the Vercel AI SDK (`ai` 6 with `@ai-sdk/openai-compatible`) calling the fake
 * OpenAI-compatible API with `experimental_telemetry` on, its spans exported over OTLP/HTTP
 * (protobuf; Batch processor, and Simple — one span per export, children first — for generateText)
 * to a listening Trace Hub. `generateText` with a tool the SDK
 * executes, `streamText` with usage, `embed`, and a failing call. Checks the tree, span types,
 * model, messages (tool calls included), tokens (the outer span's total not added to its steps'),
 * cached tokens, cost, session, user and tags from the telemetry metadata, error status, and the
 * trace name/input/output from the root span.
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { embed, generateText, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FAIL_MESSAGE, USAGE, answer, answerAfterTool, startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';
import { DEV_KEY, expectMessages, flatten, shape, startTraceHub, sum, type StoredSpan, type TraceDetail, type TraceHub, unorderedShape } from './trace-hub.js';

const MODEL = 'gpt-4o-mini';
const EMBEDDING_MODEL = 'text-embedding-3-small';
const SYSTEM = 'You are a weather bot.';

let hub: TraceHub;
let fake: FakeOpenAI;
let openai: ReturnType<typeof createOpenAICompatible>;

/** How spans leave the app: Batch (one export per flush) or Simple (one span per export, children first). */
type Export = 'batch' | 'simple';

/** A tracer provider and a copy of every span it finished (to learn each call's trace id without asking Trace Hub). */
interface Pipeline {
  provider: NodeTracerProvider;
  memory: InMemorySpanExporter;
}
const pipelines = {} as Record<Export, Pipeline>;

function pipeline(kind: Export): Pipeline {
  const exporter = new OTLPTraceExporter({ url: hub.otlpUrl, headers: { 'x-api-key': DEV_KEY } });
  const memory = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'ai-sdk-app' }),
    spanProcessors: [
      kind === 'batch' ? new BatchSpanProcessor(exporter, { scheduledDelayMillis: 60_000 }) : new SimpleSpanProcessor(exporter),
      new SimpleSpanProcessor(memory),
    ],
  });
  return { provider, memory };
}

beforeAll(async () => {
  [hub, fake] = await Promise.all([startTraceHub('sqlite'), startFakeOpenAI()]);
  pipelines.batch = pipeline('batch');
  pipelines.simple = pipeline('simple');
  // The AI SDK nests its spans through the active context: register the async-hooks context manager
  // (once; both providers' tracers are passed to the SDK explicitly).
  pipelines.batch.provider.register();
  openai = createOpenAICompatible({ name: 'openai', baseURL: fake.baseURL, apiKey: 'sk-fake', includeUsage: true });
});
afterAll(async () => {
  await Promise.all(Object.values(pipelines).map((p) => p.provider.shutdown()));
  await Promise.all([hub?.close(), fake?.close()]);
});

/** Telemetry settings as an app passes them: function id plus session, user and tags metadata. */
function telemetry(functionId: string, sessionId: string, kind: Export = 'batch') {
  return {
    isEnabled: true,
    functionId,
    tracer: pipelines[kind].provider.getTracer('ai'),
    metadata: { sessionId, userId: 'user-ai-sdk', tags: ['interop', 'ai-sdk'] },
  };
}

/** Flushes the exporter and reads back the trace of the last call (its span without a parent). */
async function storedTrace(kind: Export = 'batch'): Promise<TraceDetail> {
  const { provider, memory } = pipelines[kind];
  // The outer span of a stream ends a few ticks after the text resolves: wait for it first.
  const roots = () => memory.getFinishedSpans().filter((s) => !s.parentSpanContext);
  for (let i = 0; i < 100 && roots().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await provider.forceFlush();
  const [root, ...more] = roots();
  expect(root, 'a root span recorded').toBeDefined();
  expect(more, 'one root span recorded').toHaveLength(0);
  memory.reset();
  return hub.detail(root.spanContext().traceId);
}

function children(span: StoredSpan, name: string): StoredSpan[] {
  return span.children.filter((c) => c.name === name);
}

/** Session, user and tags from `ai.telemetry.metadata.*`, findable through the list filters. */
async function expectSessionUserTags(detail: TraceDetail, sessionId: string) {
  expect.soft(detail.trace.session_id).toBe(sessionId);
  expect.soft(detail.trace.user_id).toBe('user-ai-sdk');
  expect.soft(detail.trace.tags).toEqual(expect.arrayContaining(['interop', 'ai-sdk']));
  const queries = [{ user_id: 'user-ai-sdk', session_id: sessionId }, { tag: 'ai-sdk', session_id: sessionId }, { model: detail.trace.model ?? '(none)', session_id: sessionId }];
  for (const query of queries) {
    const items = await hub.list(query);
    expect.soft(items.map((i) => i.trace_id), `list ${JSON.stringify(query)}`).toEqual([detail.trace.trace_id]);
  }
}

describe('Vercel AI SDK telemetry', () => {
  it.each(['batch', 'simple'] as const)('generateText with a tool (%s export): tree, types, model, messages with tool calls, tokens once, cost, session, user, tags, root fields', async (kind) => {
    const sessionId = `ai-generate-${kind}`;
    const question = 'What is the weather in Paris?';
    const result = await generateText({
      model: openai.chatModel(MODEL),
      system: SYSTEM,
      prompt: question,
      tools: {
        get_weather: tool({
          description: 'The weather in a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => (city === 'Paris' ? 'sunny' : 'unknown'),
        }),
      },
      stopWhen: stepCountIs(3),
      maxRetries: 0,
      experimental_telemetry: telemetry('weather-agent', sessionId, kind),
    });
    const finalText = answerAfterTool('sunny');
    expect(result.text).toBe(finalText);

    const detail = await storedTrace(kind);
    // Siblings compared as a set: span starts have millisecond resolution, the tool call and the next step can tie.
    expect.soft(unorderedShape(detail.spans)).toEqual([
      {
        'ai.generateText (agent)': ['ai.generateText.doGenerate (llm)', 'ai.generateText.doGenerate (llm)', 'ai.toolCall (tool)'],
      },
    ]);
    const [root] = detail.spans;
    const [step1, step2] = children(root, 'ai.generateText.doGenerate');
    const [toolCall] = children(root, 'ai.toolCall');
    const t = detail.trace;

    expect.soft(['ai.generateText', 'weather-agent', 'ai.generateText weather-agent'], `trace name ${t.name} from the root`).toContain(t.name);
    expect.soft(t.input_text ?? '', 'trace input from the root').toContain(question);
    expect.soft(t.output_text ?? '', 'trace output from the root').toContain(finalText);
    expect.soft(t.model).toBe(MODEL);
    expect.soft(t.status).toBe('success');
    await expectSessionUserTags(detail, sessionId);

    // Models and tokens: the outer span's usage is the steps' sum, counted once.
    const [u1, u2] = [USAGE.toolCall, USAGE.afterTool];
    expect.soft(step1?.model).toBe(MODEL);
    expect.soft(step2?.model).toBe(MODEL);
    expect.soft(root.model, 'the outer span has the model (ai.model.id)').toBe(MODEL);
    expect.soft([step1?.input_tokens, step1?.output_tokens, step1?.total_tokens]).toEqual([u1.prompt_tokens, u1.completion_tokens, u1.prompt_tokens + u1.completion_tokens]);
    expect.soft([step2?.input_tokens, step2?.output_tokens, step2?.total_tokens]).toEqual([u2.prompt_tokens, u2.completion_tokens, u2.prompt_tokens + u2.completion_tokens]);
    expect.soft(step2?.cached_input_tokens, 'cached prompt tokens of step 2').toBe(u2.cached_tokens);
    const input = u1.prompt_tokens + u2.prompt_tokens;
    const output = u1.completion_tokens + u2.completion_tokens;
    expect.soft([root.input_tokens, root.output_tokens], 'the outer span keeps its total (ai.usage.*)').toEqual([input, output]);
    expect.soft([t.input_tokens, t.output_tokens, t.total_tokens], 'trace totals = the steps, not doubled').toEqual([input, output, input + output]);
    expect.soft(step1?.cost ?? 0, 'step1?.cost (null as 0)').toBeGreaterThan(0);
    expect.soft(t.cost ?? 0, 'trace cost = the steps, not doubled').toBeCloseTo(sum([step1, step2].filter(Boolean), 'cost'), 12);
    expect.soft(t.cost ?? 0, 't.cost (null as 0)').toBeGreaterThan(0);

    // Messages.
    const call = { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } };
    expectMessages(step1?.input, [{ role: 'system', content: SYSTEM }, { role: 'user', content: question }], 'step 1 input');
    expectMessages(step1?.output, [{ role: 'assistant', tool_calls: [call] }], 'step 1 output');
    expectMessages(step2?.input, [
      { role: 'system', content: SYSTEM },
      { role: 'user', content: question },
      { role: 'assistant', tool_calls: [call] },
      { role: 'tool', tool_call_id: 'call_1', content: /sunny/ },
    ], 'step 2 input');
    expectMessages(step2?.output, [{ role: 'assistant', content: finalText }], 'step 2 output');
    expectMessages(root.input, [{ role: 'system', content: SYSTEM }, { role: 'user', content: question }], 'outer input');
    expectMessages(root.output, [{ role: 'assistant', content: finalText }], 'outer output');
    expect.soft(toolCall?.input, 'tool input = the call arguments').toEqual({ city: 'Paris' });
    expect.soft(toolCall?.output, 'tool output = the call result').toBe('sunny');
  });

  it('streamText: one llm step with the streamed text, usage from the final chunk, cached tokens, root fields', async () => {
    const prompt = 'Tell me a joke';
    const result = streamText({
      model: openai.chatModel(MODEL),
      prompt,
      maxRetries: 0,
      experimental_telemetry: telemetry('joker', 'ai-stream'),
    });
    expect(await result.text).toBe(answer(prompt));

    const detail = await storedTrace();
    expect.soft(shape(detail.spans)).toEqual([{ 'ai.streamText (agent)': ['ai.streamText.doStream (llm)'] }]);
    const [root] = detail.spans;
    const [step] = children(root, 'ai.streamText.doStream');
    const t = detail.trace;
    const u = USAGE.text;
    expect.soft(['ai.streamText', 'joker', 'ai.streamText joker'], `trace name ${t.name} from the root`).toContain(t.name);
    expect.soft(t.input_text ?? '').toContain(prompt);
    expect.soft(t.output_text ?? '').toContain(answer(prompt));
    expect.soft(t.model).toBe(MODEL);
    expect.soft(step?.model).toBe(MODEL);
    expect.soft([step?.input_tokens, step?.output_tokens, step?.total_tokens]).toEqual([u.prompt_tokens, u.completion_tokens, u.prompt_tokens + u.completion_tokens]);
    expect.soft(step?.cached_input_tokens, 'cached prompt tokens').toBe(u.cached_tokens);
    expect.soft([t.input_tokens, t.output_tokens, t.total_tokens], 'trace totals not doubled').toEqual([u.prompt_tokens, u.completion_tokens, u.prompt_tokens + u.completion_tokens]);
    expect.soft(t.cost ?? 0, 't.cost (null as 0)').toBeGreaterThan(0);
    expectMessages(step?.input, [{ role: 'user', content: prompt }], 'doStream input');
    expectMessages(step?.output, [{ role: 'assistant', content: answer(prompt) }], 'doStream output');
    await expectSessionUserTags(detail, 'ai-stream');
  });

  it('embed: an embedding span with model, tokens and cost, counted once', async () => {
    const result = await embed({
      model: openai.textEmbeddingModel(EMBEDDING_MODEL),
      value: 'sunny weather',
      maxRetries: 0,
      experimental_telemetry: telemetry('embedder', 'ai-embed'),
    });
    expect(result.embedding).toEqual([0.25, 0.5, 0.75]);

    const detail = await storedTrace();
    const spans = flatten(detail.spans);
    expect.soft(spans.map((s) => `${s.name} (${s.span_type})`)).toEqual(['ai.embed (embedding)', 'ai.embed.doEmbed (embedding)']);
    const doEmbed = spans.find((s) => s.name === 'ai.embed.doEmbed');
    const tokens = USAGE.embedding.prompt_tokens;
    expect.soft(doEmbed?.span_type).toBe('embedding');
    expect.soft(doEmbed?.model).toBe(EMBEDDING_MODEL);
    expect.soft(doEmbed?.input_tokens).toBe(tokens);
    expect.soft(doEmbed?.cost ?? 0, 'doEmbed?.cost (null as 0)').toBeGreaterThan(0);
    expect.soft(doEmbed?.input, 'the embedded text').toEqual(expect.arrayContaining(['sunny weather']));
    expect.soft(detail.trace.input_tokens, 'trace tokens not doubled').toBe(tokens);
    expect.soft(detail.trace.model).toBe(EMBEDDING_MODEL);
    expect.soft(detail.trace.input_text ?? '').toContain('sunny weather');
    await expectSessionUserTags(detail, 'ai-embed');
  });

  it('a failing call: error status and message on the spans and the trace', async () => {
    await expect(
      generateText({ model: openai.chatModel('fail'), prompt: 'hello', maxRetries: 0, experimental_telemetry: telemetry('failing', 'ai-error') }),
    ).rejects.toThrow(FAIL_MESSAGE);

    const detail = await storedTrace();
    const [root] = detail.spans;
    expect.soft(detail.trace.status).toBe('error');
    expect.soft(root.status).toBe('error');
    expect.soft(root.status_message).toContain(FAIL_MESSAGE);
    expect.soft(flatten(detail.spans).find((s) => s.name === 'ai.generateText.doGenerate')?.status).toBe('error');
    expect.soft(detail.trace.input_text ?? '').toContain('hello');
    expect.soft(detail.timeline.some((e) => e.event_type === 'ERROR')).toBe(true);
  });
});

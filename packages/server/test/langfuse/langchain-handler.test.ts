/**
 * The Langfuse LangChain integrations against a listening Trace Hub, configured only by what they
 * take (baseUrl, publicKey, secretKey): `langfuse-langchain` 3.x (CallbackHandler over the
 * ingestion batch API) and `@langfuse/langchain` 5.x (CallbackHandler over `@langfuse/otel`'s
 * span processor, OTLP to `/api/public/otel/v1/traces`). One real LangChain agent runs with each:
 * a retriever, a prompt template, a fake tool-calling chat model (no network) that asks for a tool,
 * the tool, and the model's final answer. Read back through `/api/v1/traces/:id` and the Langfuse
 * `GET /api/public/traces/{id}` and `/api/public/observations`.
 */
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { BaseRetriever } from '@langchain/core/retrievers';
import { type RunnableConfig, RunnableLambda } from '@langchain/core/runnables';
import { DynamicTool } from '@langchain/core/tools';
import { LangfuseClient } from '@langfuse/client';
import { CallbackHandler as CallbackHandlerV5 } from '@langfuse/langchain';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { setLangfuseTracerProvider } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { Langfuse } from 'langfuse';
import { CallbackHandler as CallbackHandlerV3, createDatasetItemHandler } from 'langfuse-langchain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flatten, type StoredSpan, startTraceHub, type TraceDetail, type TraceHub, unorderedShape } from '../interop/trace-hub.js';
import { basicAuth } from '../helpers.js';

const PUBLIC_KEY = 'pk-lf-langchain';
const MODEL = 'gpt-4o-mini';
const QUESTION = 'What is the weather in Paris?';
/** Usage of the two model calls: the first one read 40 of its 120 input tokens from the cache. */
const USAGE = [
  { input_tokens: 120, output_tokens: 18, total_tokens: 138, input_token_details: { cache_read: 40 } },
  { input_tokens: 160, output_tokens: 12, total_tokens: 172 },
];

/** The final answer, streamed in these pieces after a pause (the time to first token). */
const ANSWER = ['It is ', 'sunny in Paris, ', '24°C.'];
const FIRST_TOKEN_MS = 40;

/**
 * A chat model that answers from a script: first a call of `get_weather`, then the answer (streamed
 * when asked to stream, with the usage on the last chunk as OpenAI sends it).
 */
class ScriptedChatModel extends BaseChatModel {
  private turn = 0;
  _llmType() {
    return 'scripted';
  }
  override invocationParams() {
    return { model: MODEL, temperature: 0.2, max_tokens: 256 };
  }
  override bindTools() {
    return this;
  }
  async _generate(_messages: BaseMessage[], _options: this['ParsedCallOptions'], _run?: CallbackManagerForLLMRun): Promise<ChatResult> {
    const turn = this.turn++ % 2;
    const message = turn === 0
      ? new AIMessage({
        content: '',
        // Both forms, as ChatOpenAI returns them (the v3 handler reads the OpenAI one).
        tool_calls: [{ id: 'call-1', name: 'get_weather', args: { input: 'Paris' }, type: 'tool_call' }],
        additional_kwargs: { tool_calls: [{ id: 'call-1', type: 'function', function: { name: 'get_weather', arguments: '{"input":"Paris"}' } }] },
        usage_metadata: USAGE[0],
        response_metadata: { model_name: MODEL },
      })
      : new AIMessage({ content: ANSWER.join(''), usage_metadata: USAGE[1], response_metadata: { model_name: MODEL } });
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }
  override async *_streamResponseChunks(_messages: BaseMessage[], _options: this['ParsedCallOptions'], run?: CallbackManagerForLLMRun) {
    this.turn++;
    await new Promise((resolve) => setTimeout(resolve, FIRST_TOKEN_MS));
    for (const [i, text] of ANSWER.entries()) {
      const last = i === ANSWER.length - 1;
      const chunk = new ChatGenerationChunk({
        text,
        message: new AIMessageChunk({ content: text, usage_metadata: last ? USAGE[1] : undefined, response_metadata: last ? { model_name: MODEL } : {} }),
      });
      yield chunk;
      await run?.handleLLMNewToken(text, undefined, undefined, undefined, undefined, { chunk });
    }
  }
}

/** A retriever over one fixed document. */
class KnowledgeBase extends BaseRetriever {
  override lc_namespace = ['tracehub', 'tests'];
  override async _getRelevantDocuments(query: string): Promise<Document[]> {
    return [
      new Document({ pageContent: `Paris forecasts come from the weather tool (${query.length} chars asked).`, metadata: { source: 'kb/paris.md' } }),
    ];
  }
}

/** The chat prompt kept in Trace Hub's prompt management (Langfuse `{{var}}` templates). */
const PROMPT = {
  name: 'weather-agent-prompt',
  type: 'chat' as const,
  prompt: [
    { role: 'system', content: 'Answer with the context: {{context}}' },
    { role: 'user', content: '{{question}}' },
  ],
  labels: ['production'],
};

/** A Langfuse prompt as LangChain's template, linked to the generation it feeds (`langfusePrompt`, as Langfuse documents). */
function templateOf(prompt: { getLangchainPrompt(): unknown }) {
  const messages = prompt.getLangchainPrompt() as Array<{ role: string; content: string }>;
  return ChatPromptTemplate.fromMessages(messages.map((m) => [m.role === 'user' ? 'human' : m.role, m.content] as [string, string]))
    .withConfig({ metadata: { langfusePrompt: prompt } });
}

/** The agent: retrieve, fill the prompt, ask the model, run the tool it asks for, ask again. */
function weatherAgent(template: ReturnType<typeof templateOf>, options: { toolFails?: boolean } = {}) {
  const model = new ScriptedChatModel({});
  const retriever = new KnowledgeBase();
  const weather = new DynamicTool({
    name: 'get_weather',
    description: 'The weather in a city',
    func: async (city: string) => {
      if (options.toolFails) throw new Error('weather service down');
      return `Sunny in ${city}, 24°C`;
    },
  });
  return RunnableLambda.from(async (input: { question: string }, config?: RunnableConfig) => {
    const docs = await retriever.invoke(input.question, config);
    const prompt = await template.invoke({ context: docs.map((d) => d.pageContent).join('\n'), question: input.question }, config);
    const messages = prompt.toChatMessages();
    const asked = await model.bindTools().invoke(messages, config);
    const results = await Promise.all((asked.tool_calls ?? []).map((call) => weather.invoke(call, config)));
    let answer = '';
    for await (const chunk of await model.stream([...messages, asked, ...results], config)) answer += chunk.content;
    return { output: answer };
  }).withConfig({ runName: 'weather-agent' });
}

interface LangfuseObservation {
  id: string;
  type: string;
  name: string;
  parentObservationId: string | null;
  model: string | null;
  input: unknown;
  output: unknown;
  metadata: unknown;
  modelParameters: unknown;
  usageDetails: Record<string, number>;
  [key: string]: unknown;
}

let hub: TraceHub;
beforeAll(async () => {
  hub = await startTraceHub('sqlite');
  const langfuse = new Langfuse({ publicKey: PUBLIC_KEY, secretKey: 'dev-key', baseUrl: hub.url });
  await langfuse.createPrompt(PROMPT);
  await langfuse.shutdownAsync();
});
afterAll(async () => {
  await hub?.close();
});

async function langfuseGet(path: string) {
  const response = await fetch(`${hub.url}${path}`, { headers: { authorization: basicAuth(PUBLIC_KEY) } });
  expect(response.status, path).toBe(200);
  return (await response.json()) as Record<string, any>;
}

/** What every handler version must deliver for a run whose tool fails: the error on the tool, the agent and the trace. */
async function expectFailedRun(traceId: string) {
  const detail: TraceDetail = await hub.detail(traceId);
  const spans = flatten(detail.spans);
  const tool = spans.find((s) => s.name === 'get_weather') as StoredSpan;
  const root = spans.find((s) => s.name === 'weather-agent') as StoredSpan;
  for (const span of [tool, root]) {
    expect(span, span.name).toMatchObject({ status: 'error', level: 'ERROR' });
    expect(span.status_message, span.name).toContain('weather service down');
  }
  expect(detail.trace).toMatchObject({ status: 'error', error_span_count: 2 });
  const trace = await langfuseGet(`/api/public/traces/${traceId}`);
  const failed = (trace.observations as LangfuseObservation[]).filter((o) => o.level === 'ERROR').map((o) => o.name).sort();
  expect(failed).toEqual(['get_weather', 'weather-agent']);
}

/** What every handler version must deliver for one run of the agent. */
async function expectAgentTrace(traceId: string, expected: { sessionId: string; userId: string; tags: string[]; toolType: string }) {
  const detail: TraceDetail = await hub.detail(traceId);
  // Both handlers send chains and retrievers as plain spans; only v5 types the tool. The fake model
  // answers at once, so the tool and the second model call can start in the same millisecond: the
  // children are compared as a set, and their order by the start times the handler sent.
  expect(unorderedShape(detail.spans)).toEqual(
    unorderedShape([{ name: 'weather-agent', span_type: 'span', children: [
      { name: 'KnowledgeBase', span_type: 'span' }, { name: 'ChatPromptTemplate', span_type: 'span' }, { name: 'ScriptedChatModel', span_type: 'llm' },
      { name: 'get_weather', span_type: expected.toolType }, { name: 'ScriptedChatModel', span_type: 'llm' },
    ] }] as unknown as StoredSpan[]),
  );
  const children = detail.spans[0].children ?? [];
  const toolRun = children.find((c) => c.name === 'get_weather');
  const calls = children.filter((c) => c.name === 'ScriptedChatModel');
  const start = (span: StoredSpan | undefined) => String((span as unknown as { start_time?: string } | undefined)?.start_time);
  expect(calls).toHaveLength(2);
  expect(start(calls[0]) <= start(toolRun) && start(toolRun) <= start(calls[1])).toBe(true);
  expect(detail.trace).toMatchObject({ name: 'weather-agent', session_id: expected.sessionId, user_id: expected.userId, status: 'success' });
  expect(detail.trace.tags).toEqual(expect.arrayContaining(expected.tags));
  expect(detail.trace.input_text).toContain(QUESTION);
  expect(detail.trace.output_text).toContain('It is sunny in Paris');
  const spans = flatten(detail.spans);
  const [first, second] = spans.filter((s) => s.span_type === 'llm');
  expect(first).toMatchObject({ model: MODEL, input_tokens: 120, cached_input_tokens: 40, output_tokens: 18, total_tokens: 138 });
  expect(second).toMatchObject({ model: MODEL, input_tokens: 160, output_tokens: 12, total_tokens: 172 });
  expect(first.cost).toBeGreaterThan(0);
  expect(detail.trace).toMatchObject({ input_tokens: 280, output_tokens: 30, total_tokens: 310 });
  const tool = spans.find((s) => s.name === 'get_weather') as StoredSpan;
  expect(JSON.stringify(tool.input)).toContain('Paris');
  expect(JSON.stringify(tool.output)).toContain('Sunny in Paris');

  const trace = await langfuseGet(`/api/public/traces/${traceId}`);
  expect(trace).toMatchObject({ name: 'weather-agent', sessionId: expected.sessionId, userId: expected.userId });
  expect(trace.tags).toEqual(expect.arrayContaining(expected.tags));
  const observations = trace.observations as LangfuseObservation[];
  expect(observations).toHaveLength(6);
  const byId = new Map(observations.map((o) => [o.id, o]));
  const root = observations.find((o) => o.name === 'weather-agent') as LangfuseObservation;
  const generations = observations.filter((o) => o.type === 'GENERATION');
  expect(generations).toHaveLength(2);
  for (const o of observations) if (o !== root) expect(byId.get(o.parentObservationId ?? ''), o.name).toBe(root);
  expect(generations[0]).toMatchObject({
    model: MODEL,
    modelParameters: expect.objectContaining({ temperature: 0.2, max_tokens: 256 }),
    usageDetails: expect.objectContaining({ input: 80, input_cache_read: 40, output: 18, total: 138 }),
    promptName: PROMPT.name,
    promptVersion: 1,
  });
  // The model saw the filled prompt: the system text with the retrieved document, then the question.
  const messages = JSON.stringify(generations[0].input);
  expect(messages).toContain('Answer with the context: Paris forecasts');
  expect(messages).toContain(QUESTION);
  expect(JSON.stringify(generations[0].output)).toContain('get_weather');
  expect(JSON.stringify(generations[1].input)).toContain('Sunny in Paris');
  // The streamed answer: its text, and the time to its first token.
  expect(JSON.stringify(generations[1].output)).toContain('It is sunny in Paris, 24°C.');
  expect(generations[1].completionStartTime).toEqual(expect.any(String));
  expect(generations[1].timeToFirstToken).toBeGreaterThanOrEqual((FIRST_TOKEN_MS - 5) / 1000);
  const toolObservation = observations.find((o) => o.name === 'get_weather') as LangfuseObservation;
  expect(toolObservation.type).toBe(expected.toolType.toUpperCase());
  const listed = await langfuseGet(`/api/public/observations?traceId=${traceId}&type=GENERATION`);
  expect(listed.data.map((o: LangfuseObservation) => o.id).sort()).toEqual(generations.map((o) => o.id).sort());
  return { detail, trace, root, generations, tool: toolObservation };
}

describe('langfuse-langchain 3.x CallbackHandler (ingestion API)', () => {
  it('delivers the agent run: span tree, generations with model, messages and usage, tool, session, user, tags and metadata', async () => {
    const handler = new CallbackHandlerV3({
      publicKey: PUBLIC_KEY, secretKey: 'dev-key', baseUrl: hub.url, sessionId: 'session-lc3', userId: 'user-lc3', tags: ['langchain', 'v3'],
      metadata: { team: 'search' }, version: 'agent-v1',
    });
    const errors: unknown[] = [];
    handler.langfuse.on('error', (e: unknown) => errors.push(e));
    // The handler's own client fetches the prompt by its production label.
    const prompt = await handler.langfuse.getPrompt(PROMPT.name, undefined, { type: 'chat', cacheTtlSeconds: 0 });
    const result = await weatherAgent(templateOf(prompt)).invoke({ question: QUESTION }, { callbacks: [handler], metadata: { request: 'r-1' }, tags: ['prod'] });
    expect(result.output).toBe('It is sunny in Paris, 24°C.');
    const traceId = handler.getTraceId() as string;
    await handler.shutdownAsync();
    expect(errors).toEqual([]);

    const { trace, root, generations } = await expectAgentTrace(traceId, { sessionId: 'session-lc3', userId: 'user-lc3', tags: ['langchain', 'v3'], toolType: 'span' });
    expect(trace.metadata).toMatchObject({ team: 'search', request: 'r-1' });
    expect(root.metadata).toMatchObject({ request: 'r-1' });
    expect(generations[0].metadata).toMatchObject({ request: 'r-1' });
    expect(trace.version).toBe('agent-v1');
  });

  it('createDatasetItemHandler: each dataset item run is a linked trace, and the run is a Trace Hub experiment run with its outputs', async () => {
    const langfuse = new Langfuse({ publicKey: PUBLIC_KEY, secretKey: 'dev-key', baseUrl: hub.url });
    await langfuse.createDataset({ name: 'weather-questions' });
    await langfuse.createDatasetItem({ datasetName: 'weather-questions', id: 'paris', input: { question: QUESTION }, expectedOutput: 'sunny' });
    const dataset = await langfuse.getDataset('weather-questions');
    const prompt = await langfuse.getPrompt(PROMPT.name, undefined, { type: 'chat', cacheTtlSeconds: 0 });
    const { handler, trace } = await createDatasetItemHandler({ runName: 'agent v1', item: dataset.items[0], langfuseClient: langfuse });
    await weatherAgent(templateOf(prompt)).invoke(dataset.items[0].input as { question: string }, { callbacks: [handler] });
    await handler.flushAsync();
    await langfuse.shutdownAsync();

    const detail = await hub.detail(trace.id);
    // With `updateRoot` (which createDatasetItemHandler sets) the 3.x handler re-sends the trace's
    // name and input at every chain and model start; the last one wins, in Langfuse as here.
    expect(detail.trace).toMatchObject({ name: 'ScriptedChatModel', output_text: 'It is sunny in Paris, 24°C.' });
    expect(detail.trace.attributes).toMatchObject({ dataset_item_id: 'paris', dataset_run_name: 'agent v1' });
    expect(flatten(detail.spans).filter((s) => s.span_type === 'llm')).toHaveLength(2);
    const run = await langfuseGet('/api/public/datasets/weather-questions/runs/agent%20v1');
    expect(run.datasetRunItems).toEqual([expect.objectContaining({ datasetItemId: 'paris', traceId: trace.id })]);
    const experiment = await fetch(`${hub.url}/api/v1/experiments/${encodeURIComponent(run.id)}`, { headers: { 'x-api-key': 'dev-key' } });
    const body = (await experiment.json()) as { experiment: Record<string, unknown>; items: Array<Record<string, unknown>> };
    expect(body.experiment).toMatchObject({ name: 'agent v1', dataset_name: 'weather-questions', item_count: 1 });
    expect(body.items).toEqual([expect.objectContaining({ item_id: 'paris', trace_id: trace.id, output: 'It is sunny in Paris, 24°C.' })]);
  });

  it('delivers a failed tool as errors on the tool, the agent and the trace', async () => {
    const handler = new CallbackHandlerV3({ publicKey: PUBLIC_KEY, secretKey: 'dev-key', baseUrl: hub.url });
    const prompt = await handler.langfuse.getPrompt(PROMPT.name, undefined, { type: 'chat', cacheTtlSeconds: 0 });
    await expect(weatherAgent(templateOf(prompt), { toolFails: true }).invoke({ question: QUESTION }, { callbacks: [handler] })).rejects.toThrow(/weather service down/);
    const traceId = handler.getTraceId() as string;
    await handler.shutdownAsync();
    await expectFailedRun(traceId);
  });
});

describe('@langfuse/langchain 5.x CallbackHandler (OTel)', () => {
  let provider: NodeTracerProvider;
  beforeAll(() => {
    provider = new NodeTracerProvider({
      spanProcessors: [new LangfuseSpanProcessor({ publicKey: PUBLIC_KEY, secretKey: 'dev-key', baseUrl: hub.url })],
    });
    // As Langfuse's setup guide does (NodeSDK): the provider's context manager carries the trace
    // attributes the handler propagates (user, session, tags, metadata) to the spans below the root.
    provider.register();
    setLangfuseTracerProvider(provider);
  });
  afterAll(async () => {
    await provider?.shutdown();
  });

  it('delivers the agent run: span tree, generations with model, messages and usage, tool, session, user, tags and metadata', async () => {
    const handler = new CallbackHandlerV5({
      sessionId: 'session-lc5', userId: 'user-lc5', tags: ['langchain', 'v5'], version: 'agent-v1', traceMetadata: { team: 'search' },
    });
    const client = new LangfuseClient({ publicKey: PUBLIC_KEY, secretKey: 'dev-key', baseUrl: hub.url });
    const prompt = await client.prompt.get(PROMPT.name, { type: 'chat', cacheTtlSeconds: 0 });
    const result = await weatherAgent(templateOf(prompt)).invoke({ question: QUESTION }, { callbacks: [handler], metadata: { request: 'r-2' }, tags: ['prod'] });
    expect(result.output).toBe('It is sunny in Paris, 24°C.');
    const traceId = handler.last_trace_id as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    await provider.forceFlush();

    const { trace, root } = await expectAgentTrace(traceId, { sessionId: 'session-lc5', userId: 'user-lc5', tags: ['langchain', 'v5'], toolType: 'tool' });
    expect(trace.metadata).toMatchObject({ team: 'search' });
    expect(root.metadata).toMatchObject({ request: 'r-2' });
  });

  it('delivers a failed tool as errors on the tool, the agent and the trace', async () => {
    const handler = new CallbackHandlerV5();
    const client = new LangfuseClient({ publicKey: PUBLIC_KEY, secretKey: 'dev-key', baseUrl: hub.url });
    const prompt = await client.prompt.get(PROMPT.name, { type: 'chat', cacheTtlSeconds: 0 });
    await expect(weatherAgent(templateOf(prompt), { toolFails: true }).invoke({ question: QUESTION }, { callbacks: [handler] })).rejects.toThrow(/weather service down/);
    const traceId = handler.last_trace_id as string;
    await provider.forceFlush();
    await expectFailedRun(traceId);
  });
});

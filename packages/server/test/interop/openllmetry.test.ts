/**
 * Interoperability: OpenLLMetry (`@traceloop/node-server-sdk`) pointed at a listening Trace Hub
 * (`baseUrl`, OTLP/HTTP protobuf, the dev key as `apiKey`), in its Simple mode (`disableBatch`:
 * one span per export, children before their root), instrumenting the `openai` client that calls
 * the fake OpenAI-compatible API. A workflow with a task and an agent that calls a tool, session,
 * user and tags as association properties. Checks span types (chain, agent, tool,
 * llm), input/output of workflow/task/agent/tool spans, messages with tool calls, model, tokens,
 * cost, session, user, tags and the trace fields from the root. No error case: OpenLLMetry 0.27 never
 * ends the span of an openai call whose promise rejects (nor a workflow whose function throws), so
 * a failure never reaches any backend.
 */
import { trace } from '@opentelemetry/api';
import * as traceloop from '@traceloop/node-server-sdk';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USAGE, answer, answerAfterTool, startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';
import { DEV_KEY, expectMessages, flatten, spanNamed, startTraceHub, sum, type TraceHub, unorderedShape } from './trace-hub.js';

const MODEL = 'gpt-4o-mini';
type OpenAIModule = NonNullable<NonNullable<Parameters<typeof traceloop.initialize>[0]>['instrumentModules']>['openAI'];

let hub: TraceHub;
let fake: FakeOpenAI;
let client: OpenAI;

beforeAll(async () => {
  [hub, fake] = await Promise.all([startTraceHub('sqlite'), startFakeOpenAI()]);
  traceloop.initialize({
    appName: 'openllmetry-app',
    baseUrl: hub.url,
    apiKey: DEV_KEY,
    disableBatch: true,
    traceloopSyncEnabled: false,
    silenceInitializationMessage: true,
    // The SDK types the module through openai's CommonJS declarations; this file sees the ESM ones.
    instrumentModules: { openAI: OpenAI as unknown as OpenAIModule },
  });
  client = new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-fake', maxRetries: 0 });
});
afterAll(async () => {
  await traceloop.forceFlush();
  await Promise.all([hub?.close(), fake?.close()]);
});

const WEATHER_TOOL: ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

/** The id of the trace the code inside runs in. */
function currentTraceId(): string {
  const id = trace.getActiveSpan()?.spanContext().traceId;
  if (!id) throw new Error('no active span');
  return id;
}

describe('OpenLLMetry (Traceloop SDK) over the openai client', () => {
  it('a workflow with a task and a tool-calling agent: types, entity input/output, messages, model, tokens, cost, session, user, tags, root fields', async () => {
    const question = 'What is the weather in Paris?';
    let traceId = '';
    const result: string = await traceloop.withAssociationProperties({ session_id: 'ollm-session', user_id: 'ollm-user', tags: 'interop,openllmetry' }, () =>
      traceloop.withWorkflow({ name: 'weather_workflow' }, async (q: string) => {
        traceId = currentTraceId();
        const plan = await traceloop.withTask({ name: 'plan' }, async () => {
          const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: `plan: ${q}` }] });
          return completion.choices[0].message.content;
        });
        return traceloop.withAgent({ name: 'weather_agent' }, async () => {
          const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: String(plan) }, { role: 'user', content: q }];
          const first = await client.chat.completions.create({ model: MODEL, messages, tools: [WEATHER_TOOL] });
          const call = first.choices[0].message.tool_calls?.[0];
          if (!call || call.type !== 'function') throw new Error('expected a function tool call');
          const weather: string = await traceloop.withTool({ name: 'get_weather' }, async (args: { city: string }) => (args.city === 'Paris' ? 'sunny' : 'unknown'), JSON.parse(call.function.arguments));
          const second = await client.chat.completions.create({
            model: MODEL,
            messages: [...messages, first.choices[0].message, { role: 'tool', tool_call_id: call.id, content: weather }],
            tools: [WEATHER_TOOL],
          });
          return String(second.choices[0].message.content);
        });
      }, question),
    );
    const plan = answer(`plan: ${question}`);
    const finalText = answerAfterTool('sunny');
    expect(result).toBe(finalText);
    await traceloop.forceFlush();

    const detail = await hub.detail(traceId);
    const chat = `chat ${MODEL} (llm)`;
    // Siblings compared as a set: the tool span and the chat after it can start in the same instant.
    expect.soft(unorderedShape(detail.spans)).toEqual([
      {
        'weather_workflow.workflow (chain)': [
          { 'plan.task (chain)': [chat] },
          { 'weather_agent.agent (agent)': [chat, chat, 'get_weather.tool (tool)'] },
        ],
      },
    ]);
    const workflow = spanNamed(detail, 'weather_workflow.workflow');
    const task = spanNamed(detail, 'plan.task');
    const agent = spanNamed(detail, 'weather_agent.agent');
    const tool = spanNamed(detail, 'get_weather.tool');
    const [planChat] = task.children;
    const [firstChat, secondChat] = agent.children.filter((c) => c.name === `chat ${MODEL}`);
    const chats = flatten(detail.spans).filter((s) => s.name === `chat ${MODEL}`);
    const t = detail.trace;

    expect.soft(t.name, 'trace name from the root').toBe('weather_workflow.workflow');
    expect.soft(t.input_text ?? '', 'trace input from the root (workflow input)').toContain(question);
    expect.soft(t.input_text ?? '').not.toContain('plan:');
    expect.soft(t.output_text ?? '', 'trace output from the root (workflow output)').toContain(finalText);
    expect.soft(t.session_id).toBe('ollm-session');
    expect.soft(t.user_id).toBe('ollm-user');
    expect.soft(t.model).toBe(MODEL);
    expect.soft(t.status).toBe('success');
    expect.soft(t.tags).toEqual(expect.arrayContaining(['interop', 'openllmetry']));
    for (const query of [{ session_id: 'ollm-session' }, { user_id: 'ollm-user' }, { tag: 'openllmetry' }, { model: MODEL, session_id: 'ollm-session' }]) {
      const items = await hub.list(query);
      expect.soft(items.map((i) => i.trace_id), `list ${JSON.stringify(query)}`).toEqual([traceId]);
    }

    // Entity input/output of the workflow, task, agent and tool spans.
    expect.soft(JSON.stringify(workflow.input) ?? '', 'workflow input').toContain(question);
    expect.soft(JSON.stringify(workflow.output) ?? '', 'workflow output').toContain(finalText);
    expect.soft(task.output, 'task output').toBe(plan);
    expect.soft(agent.output, 'agent output').toBe(finalText);
    expect.soft(JSON.stringify(tool.input) ?? '', 'tool input').toContain('Paris');
    expect.soft(tool.output, 'tool output').toBe('sunny');

    // LLM spans: model, tokens, cost, messages.
    expect.soft(chats.map((c) => c.model)).toEqual([MODEL, MODEL, MODEL]);
    const usages = [USAGE.text, USAGE.toolCall, USAGE.afterTool];
    expect.soft([planChat, firstChat, secondChat].map((c) => [c?.input_tokens, c?.output_tokens])).toEqual(usages.map((u) => [u.prompt_tokens, u.completion_tokens]));
    const input = usages.reduce((n, u) => n + u.prompt_tokens, 0);
    const output = usages.reduce((n, u) => n + u.completion_tokens, 0);
    expect.soft([t.input_tokens, t.output_tokens, t.total_tokens], 'trace totals').toEqual([input, output, input + output]);
    expect.soft(t.cost ?? 0, 'trace cost = the chats').toBeCloseTo(sum(chats, 'cost'), 12);
    expect.soft(t.cost ?? 0, 'trace cost (null as 0)').toBeGreaterThan(0);
    const call = { id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } };
    expectMessages(planChat?.input, [{ role: 'user', content: `plan: ${question}` }], 'plan chat input');
    expectMessages(planChat?.output, [{ role: 'assistant', content: plan }], 'plan chat output');
    expectMessages(firstChat?.output, [{ role: 'assistant', tool_calls: [call] }], 'first agent chat output');
    expectMessages(secondChat?.input, [
      { role: 'system', content: plan },
      { role: 'user', content: question },
      { role: 'assistant', tool_calls: [call] },
      { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    ], 'second agent chat input');
    expectMessages(secondChat?.output, [{ role: 'assistant', content: finalText }], 'second agent chat output');
  });
});

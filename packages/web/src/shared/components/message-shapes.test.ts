/** Which payloads the viewer shows as a conversation, and how every message shape the ingestion paths store reads. */
import { describe, expect, it } from 'vitest';
import { chatMessages, imageSource, readConversation, toolDefinitionsFromAttributes, turnText } from './message-shapes';
import { payloadText } from './payload-format';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const text = (t: string) => ({ kind: 'text', text: t });

describe('readConversation', () => {
  it('OpenAI chat: tool calls (name, pretty arguments), tool results with the call they answer, image_url parts, tools', () => {
    const conversation = readConversation({
      model: 'gpt-4.1',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: PNG } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Seoul"}' } }] },
        { role: 'tool', content: '{"temp":21}', tool_call_id: 'call_1', name: 'weather' },
      ],
      tools: [{ type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object' } } }],
    });
    expect(conversation).toEqual({
      messages: [
        { role: 'user', parts: [text('what is this?'), { kind: 'image', src: PNG, remote: false }] },
        { role: 'assistant', parts: [], toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{\n  "city": "Seoul"\n}' }] },
        { role: 'tool', parts: [text('{"temp":21}')], toolCallId: 'call_1', name: 'weather' },
      ],
      tools: [{ name: 'weather', description: 'Weather by city', parameters: '{\n  "type": "object"\n}' }],
    });
  });

  it('OpenAI Responses: request items (instructions, input_image, function_call joined to the turn, function_call_output) and a response object', () => {
    const request = readConversation({
      model: 'gpt-4.1',
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'hi' }, { type: 'input_image', image_url: 'https://example.com/cat.png' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'checking' }] },
        { type: 'function_call', call_id: 'fc_1', name: 'lookup', arguments: '{"q":1}' },
        { type: 'function_call_output', call_id: 'fc_1', output: 'found' },
      ],
      tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object' } }, { type: 'web_search' }],
    });
    expect(request?.messages).toEqual([
      { role: 'system', parts: [text('Be brief.')] },
      { role: 'user', parts: [text('hi'), { kind: 'image', src: 'https://example.com/cat.png', remote: true }] },
      { role: 'assistant', parts: [text('checking')], toolCalls: [{ id: 'fc_1', name: 'lookup', arguments: '{\n  "q": 1\n}' }] },
      { role: 'tool', parts: [text('found')], toolCallId: 'fc_1' },
    ]);
    expect(request?.tools.map((t) => t.name)).toEqual(['lookup', 'web_search']);
    const response = readConversation({
      object: 'response',
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'thinking it over' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: '**done**' }] },
      ],
    });
    expect(response?.messages).toEqual([
      { role: 'assistant', parts: [{ kind: 'reasoning', text: 'thinking it over' }] },
      { role: 'assistant', parts: [text('**done**')] },
    ]);
    expect(chatMessages({ model: 'gpt-4.1', input: 'plain question' })).toEqual([{ role: 'user', parts: [text('plain question')] }]);
    // As the TS SDK's wrapper records a Responses call: `{instructions, input}`, and custom tool calls in its output.
    expect(chatMessages({ instructions: 'Be brief', input: 'Greet me' })).toEqual([
      { role: 'system', parts: [text('Be brief')] },
      { role: 'user', parts: [text('Greet me')] },
    ]);
    // The Python SDK's LangChain handler: message types as roles, LangChain tool calls (`args`).
    expect(chatMessages([{ role: 'human', content: 'hi' }, { role: 'ai', content: '', tool_calls: [{ name: 'f', args: { a: 1 }, id: 'lc1', type: 'tool_call' }] }])).toEqual([
      { role: 'user', parts: [text('hi')] },
      { role: 'assistant', parts: [], toolCalls: [{ id: 'lc1', name: 'f', arguments: '{\n  "a": 1\n}' }] },
    ]);
    expect(chatMessages([{ role: 'constructor', content: 'x' }])).toEqual([{ role: 'constructor', parts: [text('x')] }]);
    expect(chatMessages([{ role: 'assistant', content: null, tool_calls: [{ id: 'ct_1', type: 'custom', custom: { name: 'grep', input: 'TODO' } }] }])).toEqual([
      { role: 'assistant', parts: [], toolCalls: [{ id: 'ct_1', name: 'grep', arguments: 'TODO' }] },
    ]);
  });

  it('Anthropic content blocks: system, base64 image, tool_use, tool_result (split out of the user turn), thinking', () => {
    const conversation = readConversation({
      system: [{ type: 'text', text: 'You see images.' }],
      messages: [
        { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG.split(',')[1] } }, { type: 'text', text: 'describe' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'hmm' }, { type: 'tool_use', id: 'tu_1', name: 'zoom', input: { level: 2 } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: [{ type: 'text', text: 'zoomed' }], is_error: true }] },
      ],
      tools: [{ name: 'zoom', description: 'Zooms', input_schema: { type: 'object' } }],
    });
    expect(conversation?.messages).toEqual([
      { role: 'system', parts: [text('You see images.')] },
      { role: 'user', parts: [{ kind: 'image', src: PNG, remote: false }, text('describe')] },
      { role: 'assistant', parts: [{ kind: 'reasoning', text: 'hmm' }], toolCalls: [{ id: 'tu_1', name: 'zoom', arguments: '{\n  "level": 2\n}' }] },
      { role: 'tool', parts: [text('zoomed')], toolCallId: 'tu_1', isError: true },
    ]);
    expect(conversation?.tools).toEqual([{ name: 'zoom', description: 'Zooms', parameters: '{\n  "type": "object"\n}' }]);
    // An Anthropic response is a single message.
    expect(chatMessages({ type: 'message', role: 'assistant', content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn' })).toEqual([
      { role: 'assistant', parts: [text('ok')] },
    ]);
  });

  it('GenAI parts: text, tool_call, tool_call_response, blob and uri images', () => {
    expect(
      chatMessages([
        { role: 'user', parts: [{ type: 'text', content: 'look' }, { type: 'blob', modality: 'image', mime_type: 'image/png', content: PNG.split(',')[1] }] },
        { role: 'assistant', parts: [{ type: 'text', content: 'checking' }, { type: 'tool_call', id: 't1', name: 'lookup', arguments: { q: 1 } }], finish_reason: 'tool_call' },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 't1', response: 'found' }] },
        { role: 'user', parts: [{ type: 'uri', modality: 'image', uri: 'http://insecure.example/x.png' }] },
      ]),
    ).toEqual([
      { role: 'user', parts: [text('look'), { kind: 'image', src: PNG, remote: false }] },
      { role: 'assistant', parts: [text('checking')], toolCalls: [{ id: 't1', name: 'lookup', arguments: '{\n  "q": 1\n}' }] },
      { role: 'tool', parts: [text('found')], toolCallId: 't1' },
      { role: 'user', parts: [{ kind: 'ref', text: 'http://insecure.example/x.png' }] },
    ]);
  });

  it('a single message, a JSON text of messages, choices, and content stored as a JSON part list', () => {
    expect(chatMessages({ role: 'assistant', content: 'hi' })).toEqual([{ role: 'assistant', parts: [text('hi')] }]);
    expect(chatMessages('[{"role":"user","content":"hi"}]')).toEqual([{ role: 'user', parts: [text('hi')] }]);
    expect(chatMessages({ choices: [{ message: { role: 'assistant', content: 'b' } }] })).toEqual([{ role: 'assistant', parts: [text('b')] }]);
    expect(chatMessages([{ role: 'user', content: '[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"javascript:alert(1)"}}]' }])).toEqual([
      { role: 'user', parts: [text('a'), { kind: 'ref', text: 'javascript:alert(1)' }] },
    ]);
  });

  it("Langfuse's LangChain handler (3.x): tool calls under additional_kwargs, as ChatOpenAI returns them", () => {
    const call = { id: 'call-1', type: 'function', function: { name: 'get_weather', arguments: '{"input":"Paris"}' } };
    expect(chatMessages({ content: '', role: 'assistant', additional_kwargs: { tool_calls: [call] } })).toEqual([
      { role: 'assistant', parts: [], toolCalls: [{ id: 'call-1', name: 'get_weather', arguments: '{\n  "input": "Paris"\n}' }] },
    ]);
  });

  it('leaves other values alone', () => {
    expect(readConversation('plain text')).toBeNull();
    expect(readConversation('[1, 2]')).toBeNull();
    expect(readConversation({ args: [], kwargs: { topic: 'cats' } })).toBeNull();
    expect(readConversation({ input: 'a chain input without a model' })).toBeNull();
    expect(readConversation([{ role: 'user', content: 'a' }, { other: true }])).toBeNull();
    expect(payloadText({ a: 1 })).toEqual({ text: '{\n  "a": 1\n}', json: true });
  });
});

describe('imageSource', () => {
  it('draws raster data: images and https: URLs only', () => {
    expect(imageSource(PNG)).toEqual({ src: PNG, remote: false });
    expect(imageSource('https://example.com/a.png')).toEqual({ src: 'https://example.com/a.png', remote: true });
    for (const bad of ['http://example.com/a.png', 'javascript:alert(1)', 'data:image/svg+xml;base64,PHN2Zz4=', 'data:text/html;base64,PGI+', 'data:image/png,<svg>', `data:image/png;base64,${'A'.repeat(9 * 1024 * 1024)}`]) {
      expect(imageSource(bad), bad.slice(0, 40)).toBeUndefined();
    }
  });
});

describe('toolDefinitionsFromAttributes', () => {
  it('reads GenAI, OpenInference, OpenLLMetry and AI SDK tool attributes', () => {
    const tools = toolDefinitionsFromAttributes({
      'gen_ai.tool.definitions': '[{"type":"function","name":"a","description":"A"}]',
      'ai.prompt.tools': ['{"type":"function","name":"b","inputSchema":{"type":"object"}}'],
      'llm.tools.0.tool.json_schema': '{"type":"function","function":{"name":"c"}}',
      'llm.request.functions.0.name': 'd',
      'llm.request.functions.0.parameters': '{"type":"object"}',
      other: 1,
    });
    expect(tools.map((t) => t.name)).toEqual(['a', 'b', 'd', 'c']);
    expect(tools[2].parameters).toBe('{\n  "type": "object"\n}');
  });
});

describe('turnText', () => {
  it('answers the last message of a role, tool calls named, and leaves other text alone', () => {
    const input = JSON.stringify([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'ok' },
      { role: 'user', content: [{ type: 'text', text: 'second' }] },
    ]);
    expect(turnText(input, 'user')).toBe('second');
    expect(turnText(JSON.stringify({ role: 'assistant', content: null, tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{"a":1}' } }] }))).toBe(
      '→ f({ "a": 1 })',
    );
    expect(turnText('plain question', 'user')).toBe('plain question');
    expect(turnText(null)).toBe('');
    const huge = JSON.stringify([{ role: 'user', content: 'x'.repeat(300_000) }]);
    expect(turnText(huge)).toBe(huge);
  });
});

/** Which payloads the viewer shows as chat, and how messages with tool calls and tool results read. */
import { describe, expect, it } from 'vitest';
import { chatMessages, payloadText } from './payload-format';

describe('chatMessages', () => {
  it('shows assistant tool calls (name, pretty arguments) and tool results with the call they answer', () => {
    const messages = chatMessages([
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Seoul"}' } }],
      },
      { role: 'tool', content: '{"temp":21}', tool_call_id: 'call_1', name: 'weather' },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{\n  "city": "Seoul"\n}' }] },
      { role: 'tool', content: '{"temp":21}', toolCallId: 'call_1', name: 'weather' },
    ]);
  });

  it('recognises a single message, a JSON text of messages, {messages} and choices', () => {
    expect(chatMessages({ role: 'assistant', content: 'hi' })).toEqual([{ role: 'assistant', content: 'hi' }]);
    expect(chatMessages('[{"role":"user","content":"hi"}]')).toEqual([{ role: 'user', content: 'hi' }]);
    expect(chatMessages({ messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }] }] })).toEqual([{ role: 'user', content: 'a' }]);
    expect(chatMessages({ choices: [{ message: { role: 'assistant', content: 'b' } }] })).toEqual([{ role: 'assistant', content: 'b' }]);
  });

  it('reads GenAI parts stored as sent', () => {
    expect(
      chatMessages([
        { role: 'assistant', parts: [{ type: 'text', content: 'checking' }, { type: 'tool_call', id: 't1', name: 'lookup', arguments: { q: 1 } }] },
        { role: 'tool', parts: [{ type: 'tool_call_response', id: 't1', response: 'found' }] },
      ]),
    ).toEqual([
      { role: 'assistant', content: 'checking', toolCalls: [{ id: 't1', name: 'lookup', arguments: '{\n  "q": 1\n}' }] },
      { role: 'tool', content: 'found', toolCallId: 't1' },
    ]);
  });

  it('leaves other values alone', () => {
    expect(chatMessages('plain text')).toBeNull();
    expect(chatMessages('[1, 2]')).toBeNull();
    expect(chatMessages({ args: [], kwargs: { topic: 'cats' } })).toBeNull();
    expect(chatMessages([{ role: 'user', content: 'a' }, { other: true }])).toBeNull();
    expect(payloadText({ a: 1 })).toEqual({ text: '{\n  "a": 1\n}', json: true });
  });
});

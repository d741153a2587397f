import { type ChatMessage, toChatMessages } from './messages.js';
import { isRecord, parseJsonLoose } from './otlp-values.js';

/** A span input or output found in attributes, with the keys it was read from. */
export interface FoundPayload {
  value: unknown;
  keys: string[];
  /** True when `value` is already in the chat shape. */
  chat?: boolean;
}

/**
 * Vercel AI SDK `ai.prompt` (outer `ai.generateText` / `ai.streamText` / … spans): JSON
 * `{system?, prompt?, messages?}` becomes chat messages, the system text first. `ai.prompt.messages`
 * (the `doGenerate` / `doStream` spans) is already a message list.
 */
export function aiSdkPrompt(attributes: Record<string, unknown>): FoundPayload | undefined {
  if (attributes['ai.prompt.messages'] != null) {
    const raw = parseJsonLoose(attributes['ai.prompt.messages']);
    const messages = toChatMessages(raw);
    return messages ? { value: messages, keys: ['ai.prompt.messages'], chat: true } : { value: raw, keys: ['ai.prompt.messages'] };
  }
  if (attributes['ai.prompt'] == null) return undefined;
  const prompt = parseJsonLoose(attributes['ai.prompt']);
  if (!isRecord(prompt)) return { value: prompt, keys: ['ai.prompt'] };
  const messages: ChatMessage[] = [];
  if (typeof prompt.system === 'string' && prompt.system !== '') messages.push({ role: 'system', content: prompt.system });
  if (typeof prompt.prompt === 'string') messages.push({ role: 'user', content: prompt.prompt });
  else if (prompt.prompt != null) messages.push(...(toChatMessages(prompt.prompt) ?? []));
  if (prompt.messages != null) messages.push(...(toChatMessages(prompt.messages) ?? []));
  return messages.length > 0 ? { value: messages, keys: ['ai.prompt'], chat: true } : { value: prompt, keys: ['ai.prompt'] };
}

/**
 * Vercel AI SDK response: `ai.response.text` and `ai.response.toolCalls` (JSON
 * `[{toolCallId, toolName, input}]`, `args` in AI SDK 4) become one assistant message;
 * `ai.response.object` (generateObject) an assistant message holding the object's JSON text.
 */
export function aiSdkResponse(attributes: Record<string, unknown>): FoundPayload | undefined {
  const text = attributes['ai.response.text'];
  const toolCalls = attributes['ai.response.toolCalls'];
  const object = attributes['ai.response.object'];
  if (text == null && toolCalls == null && object == null) return undefined;
  const keys = ['ai.response.text', 'ai.response.toolCalls', 'ai.response.object'].filter((k) => attributes[k] != null);
  const content = [text, object].filter((v) => v != null).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  const calls = parseJsonLoose(toolCalls);
  const message = toChatMessages({
    role: 'assistant',
    content: content.length > 0 ? content.join('\n') : null,
    tool_calls: Array.isArray(calls) ? calls : [],
  });
  return { value: message, keys, chat: true };
}

/** One JSON attribute (parsed), or a list of JSON texts (each parsed), from the first key present. */
export function aiSdkJson(keys: string[]): (attributes: Record<string, unknown>) => FoundPayload | undefined {
  return (attributes) => {
    const key = keys.find((k) => attributes[k] != null);
    if (key === undefined) return undefined;
    const raw = attributes[key];
    return { value: Array.isArray(raw) ? raw.map(parseJsonLoose) : parseJsonLoose(raw), keys: [key] };
  };
}

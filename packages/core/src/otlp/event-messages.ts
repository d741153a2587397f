import { type ChatMessage, toChatMessages } from './messages.js';
import { isRecord, parseJsonLoose } from './otlp-values.js';

/** A span event as the payload extraction sees it. */
export interface PayloadEvent {
  name: string;
  attributes: Record<string, unknown>;
}

/** GenAI message events (semantic conventions before 1.37) and the role each one stands for. */
const INPUT_EVENTS: Record<string, string> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

/** Chat messages from `gen_ai.{system,user,assistant,tool}.message` events, in event order. */
export function inputMessagesFromEvents(events: PayloadEvent[]): ChatMessage[] | undefined {
  const messages = events.filter((e) => e.name in INPUT_EVENTS).flatMap((e) => eventMessage(e, INPUT_EVENTS[e.name]));
  return messages.length > 0 ? messages : undefined;
}

/** Chat messages from `gen_ai.choice` events (`message` or `content` / `tool_calls`), in event order. */
export function outputMessagesFromEvents(events: PayloadEvent[]): ChatMessage[] | undefined {
  const messages = events.filter((e) => e.name === 'gen_ai.choice').flatMap((e) => eventMessage(e, 'assistant'));
  return messages.length > 0 ? messages : undefined;
}

/**
 * One event's message. The body is the event's attributes, or the JSON of `gen_ai.event.content`
 * when an exporter put it there; `message` (JSON or flat `message.*`) nests the choice's message.
 * A tool message's `id` is the call it answers.
 */
function eventMessage(event: PayloadEvent, role: string): ChatMessage[] {
  const wrapped = parseJsonLoose(event.attributes['gen_ai.event.content']);
  const body: Record<string, unknown> = isRecord(wrapped) ? wrapped : event.attributes;
  const message = parseJsonLoose(body.message);
  const flat = Object.fromEntries(
    Object.entries(body)
      .filter(([k]) => k.startsWith('message.'))
      .map(([k, v]) => [k.slice('message.'.length), v]),
  );
  const source: Record<string, unknown> = isRecord(message) ? message : Object.keys(flat).length > 0 ? flat : body;
  const candidate: Record<string, unknown> = {
    role: typeof source.role === 'string' && source.role !== '' ? source.role : role,
    content: parseJsonLoose(source.content) ?? null,
  };
  if (source.tool_calls != null) candidate.tool_calls = source.tool_calls;
  const id = source.tool_call_id ?? (role === 'tool' ? source.id : undefined);
  if (id != null) candidate.tool_call_id = id;
  if (typeof candidate.content !== 'string' && !Array.isArray(candidate.content) && candidate.content !== null) {
    candidate.content = JSON.stringify(candidate.content);
  }
  return toChatMessages(candidate) ?? [];
}

import { isRecord, parseJsonLoose } from './otlp-values.js';

/** A tool call in the OpenAI chat format; `arguments` is JSON text. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A content part kept as a part: an image, as OpenAI's `image_url` part (a data: or web URL). */
export interface ChatImagePart {
  type: 'image_url';
  image_url: { url: string };
}

/** A text part, next to images in a message's content list. */
export interface ChatTextPart {
  type: 'text';
  text: string;
}

/**
 * The one message shape every convention's messages are normalised into (OpenAI chat format).
 * `content` is text, or (only when the message carries images) a list of text and image parts.
 */
export interface ChatMessage {
  role: string;
  content: string | null | Array<ChatTextPart | ChatImagePart>;
  tool_calls?: ChatToolCall[];
  tool_call_id?: string;
  name?: string;
}

const MAX_MESSAGES = 5000;

/**
 * Normalises a message list in any of the shapes the conventions send — OpenAI chat
 * (`{role, content, tool_calls}`), GenAI parts (`{role, parts: [{type: 'text' | 'tool_call' |
 * 'tool_call_response', …}]}`), Vercel AI SDK prompt messages (`content: [{type: 'text' |
 * 'tool-call' | 'tool-result', …}]`), OpenInference (`contents`, `tool_calls[].tool_call`) and the
 * rebuilt legacy `gen_ai.prompt.N`, Anthropic blocks (`tool_use`, `tool_result`) — into `ChatMessage[]`.
 * Image parts of any of them (and GenAI `blob` / `uri` images) become OpenAI `image_url` parts. A single message object counts as a
 * list of one; JSON text is parsed. Anything else (plain values, `{args, kwargs}`) answers undefined.
 */
export function toChatMessages(value: unknown): ChatMessage[] | undefined {
  const parsed = parseJsonLoose(value);
  const list = Array.isArray(parsed) ? parsed : isMessage(parsed) ? [parsed] : undefined;
  if (!list || list.length === 0 || list.length > MAX_MESSAGES || !list.every(isMessage)) return undefined;
  return list.flatMap(normalizeMessage);
}

/** True for an object with a string `role` and something a message carries. */
function isMessage(value: unknown): value is Record<string, unknown> {
  if (!isRecord(value) || typeof value.role !== 'string' || value.role === '') return false;
  return 'content' in value || 'parts' in value || 'tool_calls' in value || 'contents' in value || 'tool_call_id' in value;
}

/** One message; a tool message with several results becomes one message per result. */
function normalizeMessage(raw: Record<string, unknown>): ChatMessage[] {
  const role = raw.role === 'function' ? 'tool' : String(raw.role);
  const texts: string[] = [];
  const toolCalls: ChatToolCall[] = [];
  const results: ChatMessage[] = [];
  const images: ChatImagePart[] = [];
  const parts = partsOf(raw);
  for (const part of parts) {
    if (typeof part === 'string') {
      texts.push(part);
      continue;
    }
    if (!isRecord(part)) continue;
    const result = toolResultOf(part);
    if (result) {
      results.push(result);
      continue;
    }
    const call = toolCallOf(part);
    if (call) {
      toolCalls.push(call);
      continue;
    }
    const image = imageUrlOf(part);
    if (image !== undefined) {
      images.push({ type: 'image_url', image_url: { url: image } });
      continue;
    }
    const text = partText(part);
    if (text !== undefined) texts.push(text);
  }
  const listed = parseJsonLoose(raw.tool_calls);
  for (const call of Array.isArray(listed) ? listed : []) {
    const normalized = isRecord(call) ? toolCallOf(call, true) : undefined;
    if (normalized) toolCalls.push(normalized);
  }
  const functionCall = functionCallOf(raw);
  if (functionCall) toolCalls.push(functionCall);

  if (results.length > 0 && texts.length === 0 && toolCalls.length === 0 && images.length === 0) return results;
  const text = texts.length > 0 ? texts.join('\n') : null;
  const content = images.length === 0 ? text : [...(text === null ? [] : [{ type: 'text' as const, text }]), ...images];
  const message: ChatMessage = { role, content };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  const toolCallId = stringOf(raw.tool_call_id) ?? (role === 'tool' ? stringOf(raw.id) : undefined);
  if (toolCallId !== undefined) message.tool_call_id = toolCallId;
  const name = stringOf(raw.name);
  if (name !== undefined) message.name = name;
  return [message, ...results];
}

/** The content parts of a message: GenAI `parts`, OpenInference `contents`, or `content` itself. */
function partsOf(raw: Record<string, unknown>): unknown[] {
  if (Array.isArray(raw.parts)) return raw.parts;
  if (Array.isArray(raw.contents)) return raw.contents.map((c) => (isRecord(c) && isRecord(c.message_content) ? c.message_content : c));
  const content = raw.content;
  if (content === undefined || content === null || content === '') return [];
  if (typeof content === 'string') {
    // Event bodies and legacy attributes may hold a JSON list of parts as text.
    const parsed = parseJsonLoose(content);
    return Array.isArray(parsed) && parsed.every((p) => isRecord(p) && typeof p.type === 'string') ? parsed : [content];
  }
  if (Array.isArray(content)) return content;
  return [content];
}

/** Text of a content part: `text` (OpenAI, AI SDK, OpenInference) or `content` (GenAI); other parts as JSON. */
function partText(part: Record<string, unknown>): string | undefined {
  if (typeof part.text === 'string') return part.text;
  if (typeof part.content === 'string') return part.content;
  // Reasoning is not part of the chat shape; an empty part says nothing.
  if (part.type === 'reasoning' || Object.keys(part).length === 0) return undefined;
  return JSON.stringify(part);
}

/**
 * A tool call from a GenAI part (`{type: 'tool_call', id, name, arguments}`), an AI SDK part or
 * `ai.response.toolCalls` item (`{toolCallId, toolName, input | args}`), an OpenAI call
 * (`{id, function: {name, arguments}}`), an OpenInference call (`{tool_call: {…}}`) or a legacy
 * `{id, name, arguments}` (only when `loose`, i.e. from a `tool_calls` list).
 */
function toolCallOf(part: Record<string, unknown>, loose = false): ChatToolCall | undefined {
  const call = isRecord(part.tool_call) ? part.tool_call : part;
  if (call.type === 'tool_use') {
    // Anthropic: `{type: 'tool_use', id, name, input}`.
    const name = stringOf(call.name);
    return name === undefined ? undefined : makeCall(stringOf(call.id), name, call.input);
  }
  if (call.type === 'tool_call' || call.type === 'tool-call' || typeof call.toolName === 'string') {
    const name = stringOf(call.name) ?? stringOf(call.toolName);
    if (name === undefined) return undefined;
    return makeCall(stringOf(call.id) ?? stringOf(call.toolCallId), name, call.arguments ?? call.input ?? call.args);
  }
  if (isRecord(call.function)) {
    const name = stringOf(call.function.name);
    return name === undefined ? undefined : makeCall(stringOf(call.id), name, call.function.arguments);
  }
  if (loose && stringOf(call.name) !== undefined) return makeCall(stringOf(call.id), stringOf(call.name) as string, call.arguments ?? call.args);
  return undefined;
}

/** OpenAI's deprecated `function_call` and OpenInference's `function_call_name` / `_arguments_json`. */
function functionCallOf(raw: Record<string, unknown>): ChatToolCall | undefined {
  const fc = parseJsonLoose(raw.function_call);
  if (isRecord(fc) && stringOf(fc.name) !== undefined) return makeCall(undefined, stringOf(fc.name) as string, fc.arguments);
  const name = stringOf(raw.function_call_name);
  return name === undefined ? undefined : makeCall(undefined, name, raw.function_call_arguments_json);
}

/** A tool result part: GenAI `tool_call_response` (`response` or `result`), AI SDK `tool-result` or Anthropic `tool_result`. */
function toolResultOf(part: Record<string, unknown>): ChatMessage | undefined {
  if (part.type === 'tool_result') {
    // Anthropic: `content` is text or a list of blocks; text blocks read as their text.
    const blocks = Array.isArray(part.content) ? part.content : undefined;
    const textOnly = blocks?.every((b) => isRecord(b) && b.type === 'text' && typeof b.text === 'string');
    const content = blocks && textOnly ? blocks.map((b) => (b as { text: string }).text).join('\n') : part.content;
    return toolMessage(stringOf(part.tool_use_id), undefined, content);
  }
  if (part.type === 'tool_call_response') {
    return toolMessage(stringOf(part.id), undefined, 'response' in part ? part.response : part.result);
  }
  if (part.type === 'tool-result') {
    // AI SDK 5+: `output: {type: 'text' | 'json' | 'error-text' | …, value}`; AI SDK 4: `result`.
    const output = isRecord(part.output) && 'value' in part.output ? part.output.value : 'output' in part ? part.output : part.result;
    return toolMessage(stringOf(part.toolCallId), stringOf(part.toolName), output);
  }
  return undefined;
}

/**
 * The URL of an image part: OpenAI `image_url` (object or text), Responses `input_image`, Anthropic
 * `image` (`source` base64 or url), OpenInference `image.image.url`, AI SDK `image` / image `file`,
 * GenAI `blob` / `uri` with modality image. Base64 data becomes a data: URL.
 */
function imageUrlOf(part: Record<string, unknown>): string | undefined {
  const dataUrl = (mediaType: unknown, data: unknown) =>
    typeof data === 'string' && data !== '' ? (/^(data|https?):/i.test(data) ? data : `data:${stringOf(mediaType) ?? 'image/png'};base64,${data}`) : undefined;
  switch (part.type) {
    case 'image_url':
      return isRecord(part.image_url) ? stringOf(part.image_url.url) : stringOf(part.image_url);
    case 'input_image':
      return stringOf(part.image_url);
    case 'image':
      if (isRecord(part.source)) return part.source.type === 'base64' ? dataUrl(part.source.media_type, part.source.data) : stringOf(part.source.url);
      if (isRecord(part.image) && isRecord(part.image.image)) return stringOf(part.image.image.url);
      return dataUrl(part.mediaType ?? part.mimeType, part.image);
    case 'blob':
      return part.modality === 'image' ? dataUrl(part.mime_type, part.content) : undefined;
    case 'uri':
      return part.modality === 'image' ? stringOf(part.uri) : undefined;
    case 'file':
      return typeof part.mediaType === 'string' && part.mediaType.startsWith('image/') ? dataUrl(part.mediaType, part.data) : undefined;
    default:
      return undefined;
  }
}

function toolMessage(id: string | undefined, name: string | undefined, result: unknown): ChatMessage {
  const message: ChatMessage = { role: 'tool', content: result === undefined || result === null ? null : asText(result) };
  if (id !== undefined) message.tool_call_id = id;
  if (name !== undefined) message.name = name;
  return message;
}

function makeCall(id: string | undefined, name: string, args: unknown): ChatToolCall {
  return { id: id ?? '', type: 'function', function: { name, arguments: args === undefined || args === null ? '' : asText(args) } };
}

/** Strings as they are, anything else as JSON text. */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

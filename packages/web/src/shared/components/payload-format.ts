/** How a payload is shown: chat messages, pretty JSON, or text; and how long text is cut into lines. */

/** A tool call an assistant message asks for; `arguments` is pretty-printed when it is JSON. */
export interface ToolCallView {
  id?: string;
  name: string;
  arguments: string;
}

/**
 * One chat message in a payload: OpenAI style `{role, content, tool_calls, tool_call_id, name}`
 * (the shape the server stores for every convention), or GenAI `parts`.
 */
export interface ChatMessageView {
  role: string;
  content: string;
  name?: string;
  toolCalls?: ToolCallView[];
  toolCallId?: string;
}

const MAX_MESSAGES = 5000;

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const nonEmpty = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function partText(part: unknown): string {
  if (typeof part === 'string') return part;
  if (isObject(part) && typeof part.text === 'string') return part.text;
  if (isObject(part) && part.type === 'text' && typeof part.content === 'string') return part.content;
  return JSON.stringify(part);
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map(partText).join('\n');
  return content == null ? '' : JSON.stringify(content, null, 2);
}

/** Arguments as display text: JSON (object or JSON text) indented, anything else as it is. */
function argumentsText(args: unknown): string {
  if (args == null) return '';
  if (typeof args !== 'string') return JSON.stringify(args, null, 2);
  return payloadText(args).text;
}

function toolCallView(call: unknown): ToolCallView | null {
  if (!isObject(call)) return null;
  const fn = isObject(call.function) ? call.function : call;
  const name = nonEmpty(fn.name);
  if (!name) return null;
  const id = nonEmpty(call.id);
  return { ...(id ? { id } : {}), name, arguments: argumentsText(fn.arguments) };
}

function isMessage(m: unknown): m is Obj {
  return isObject(m) && typeof m.role === 'string' && ('content' in m || 'tool_calls' in m || 'parts' in m);
}

function messageView(msg: Obj): ChatMessageView {
  const view: ChatMessageView = { role: String(msg.role), content: '' };
  const calls: ToolCallView[] = [];
  if (Array.isArray(msg.parts)) {
    // GenAI semantic-conventions parts (stored before the server normalised them).
    const texts: string[] = [];
    for (const part of msg.parts) {
      if (isObject(part) && part.type === 'tool_call') {
        const call = toolCallView(part);
        if (call) calls.push(call);
      } else if (isObject(part) && part.type === 'tool_call_response') {
        view.toolCallId ??= nonEmpty(part.id);
        texts.push(contentText(part.response ?? part.result));
      } else texts.push(partText(part));
    }
    view.content = texts.join('\n');
  } else view.content = contentText(msg.content);
  for (const c of Array.isArray(msg.tool_calls) ? msg.tool_calls : []) {
    const call = toolCallView(c);
    if (call) calls.push(call);
  }
  if (calls.length > 0) view.toolCalls = calls;
  const toolCallId = nonEmpty(msg.tool_call_id);
  if (toolCallId) view.toolCallId = toolCallId;
  const name = nonEmpty(msg.name);
  if (name) view.name = name;
  return view;
}

function asMessages(value: unknown): ChatMessageView[] | null {
  const list = isMessage(value) ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_MESSAGES) return null;
  return list.every(isMessage) ? list.map(messageView) : null;
}

function parseJsonList(value: string): unknown {
  const trimmed = value.trim();
  if (!trimmed.startsWith('[') && !trimmed.startsWith('{')) return null;
  try {
    return JSON.parse(trimmed);
  } catch {
    return null;
  }
}

/**
 * Chat messages found in a payload: a message list (also as JSON text), a single message,
 * `{messages: [...]}`, or an OpenAI answer's `choices[].message`.
 */
export function chatMessages(value: unknown): ChatMessageView[] | null {
  const parsed = typeof value === 'string' ? parseJsonList(value) : value;
  const direct = asMessages(parsed);
  if (direct) return direct;
  if (isObject(parsed)) {
    const fromMessages = asMessages(parsed.messages);
    if (fromMessages) return fromMessages;
    if (Array.isArray(parsed.choices)) {
      return asMessages(parsed.choices.map((c) => (isObject(c) ? c.message : null)).filter(Boolean));
    }
  }
  return null;
}

/** A value as display text: strings as they are (JSON strings pretty-printed), anything else as indented JSON. */
export function payloadText(value: unknown): { text: string; json: boolean } {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
      try {
        return { text: JSON.stringify(JSON.parse(trimmed), null, 2), json: true };
      } catch {
        // not JSON after all
      }
    }
    return { text: value, json: false };
  }
  return { text: JSON.stringify(value, null, 2) ?? String(value), json: true };
}

/** Cuts text into display lines; lines longer than `width` are hard-wrapped so a virtual list can use one row height. */
export function toLines(text: string, width = 400): string[] {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (line.length <= width) lines.push(line);
    else for (let i = 0; i < line.length; i += width) lines.push(line.slice(i, i + width));
  }
  return lines;
}

/** 1.2 MB / 34 KB / 120 B */
export function formatBytes(chars: number): string {
  if (chars >= 1024 * 1024) return `${(chars / 1024 / 1024).toFixed(1)} MB`;
  if (chars >= 1024) return `${Math.round(chars / 1024)} KB`;
  return `${chars} B`;
}

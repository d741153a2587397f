/** How a payload is shown: chat messages, pretty JSON, or text; and how long text is cut into lines. */

/** One chat message in a payload (OpenAI style `{role, content}`). */
export interface ChatMessageView {
  role: string;
  content: string;
  name?: string;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (part && typeof part === 'object' && 'text' in part ? String((part as { text: unknown }).text) : JSON.stringify(part)))
      .join('\n');
  }
  return content == null ? '' : JSON.stringify(content, null, 2);
}

function asMessages(value: unknown): ChatMessageView[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > 5000) return null;
  const ok = value.every((m) => m && typeof m === 'object' && typeof (m as { role?: unknown }).role === 'string' && 'content' in m);
  if (!ok) return null;
  return value.map((m) => {
    const msg = m as { role: string; content: unknown; name?: unknown };
    return { role: msg.role, content: contentText(msg.content), ...(typeof msg.name === 'string' ? { name: msg.name } : {}) };
  });
}

/** Chat messages found in a payload: a message list, `{messages: [...]}`, or an OpenAI answer's `choices[].message`. */
export function chatMessages(value: unknown): ChatMessageView[] | null {
  const direct = asMessages(value);
  if (direct) return direct;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    const fromMessages = asMessages(obj.messages);
    if (fromMessages) return fromMessages;
    if (Array.isArray(obj.choices)) {
      return asMessages(obj.choices.map((c) => (c && typeof c === 'object' ? (c as { message?: unknown }).message : null)).filter(Boolean));
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

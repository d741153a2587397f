/** Reading a production trace's input as named values for a dataset case. */

/** The last user message of an OpenAI-style message list, or null when it is not one. */
function lastUserContent(value: unknown[]): string | null {
  const messages = value.filter(
    (m): m is { role: string; content: unknown } => !!m && typeof m === 'object' && 'role' in m && 'content' in m,
  );
  if (messages.length === 0 || messages.length !== value.length) return null;
  const user = [...messages].reverse().find((m) => m.role === 'user') ?? messages[messages.length - 1];
  return typeof user.content === 'string' ? user.content : JSON.stringify(user.content);
}

/**
 * A trace input as an object of named values. JSON object text (or an object) gives its keys;
 * plain text (or a JSON string, or a chat message list's last user message) gives one key: the
 * prompt's placeholder when it has exactly one, else `input`. Answers null for an empty input.
 */
export function traceInputToObject(raw: unknown, placeholders: string[]): Record<string, unknown> | null {
  let value = raw;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return null;
    if (/^[[{"]/.test(text)) {
      try {
        value = JSON.parse(text);
      } catch {
        // plain text that happens to start like JSON
      }
    }
  }
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    const content = lastUserContent(value);
    value = content ?? JSON.stringify(value);
  }
  if (typeof value === 'object') return value as Record<string, unknown>;
  const text = typeof value === 'string' ? value : String(value);
  if (text.trim() === '') return null;
  return { [placeholders.length === 1 ? placeholders[0] : 'input']: text };
}

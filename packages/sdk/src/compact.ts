/** Object helpers shared by the record path and the serialiser. */

/** A copy of `source` without its undefined fields (null is kept: on the wire it clears a value). */
export function compact(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in source) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/** Error details for an ERROR event payload: message, type and stack trace. */
export function errorPayload(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    return compact({
      message: error.message || error.name || 'Error',
      type: error.name || error.constructor?.name,
      stacktrace: error.stack,
    });
  }
  let message: string;
  try {
    message = typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
  } catch {
    message = Object.prototype.toString.call(error);
  }
  return { message, type: typeof error };
}

/** `Name: message` of an error, for a span's status_message. */
export function errorSummary(error: unknown): string {
  if (error instanceof Error) return error.message ? `${error.name}: ${error.message}` : error.name;
  try {
    return String(error);
  } catch {
    return 'error';
  }
}

/** An expected failure: printed as one line (`error: …`) with a non-zero exit, never a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Process exit code (default 1). */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** The one-line message of anything thrown. */
export function errorLine(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] || error.name;
  return String(error);
}

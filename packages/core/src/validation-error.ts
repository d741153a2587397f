import type { z } from 'zod';

/** One problem found in a request, with the path of the field in `a.b[0].c` form. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Renders a zod path (`['spans', 0, 'start_time']`) as `spans[0].start_time`. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(body)';
}

/** Turns a zod error into field issues that name each field (an unknown key is named as its own field). */
export function describeZodError(error: z.ZodError): FieldIssue[] {
  return error.issues
    .flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: `Unrecognized key: "${key}"` }))
        : [{ path: formatPath(issue.path), message: issue.message }],
    )
    .slice(0, 50);
}

/** One sentence naming the first problem, for the `message` of a 400 answer. */
export function summarizeIssues(issues: FieldIssue[]): string {
  if (issues.length === 0) return 'The request is not valid.';
  const first = `${issues[0].path}: ${issues[0].message}`;
  return issues.length === 1 ? first : `${first} (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})`;
}

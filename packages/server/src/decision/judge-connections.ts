/**
 * Judge connections: the LLM endpoints (and their credentials) the operator configures by name. A
 * policy names a connection; it never carries a URL with a server secret or names an environment
 * variable. Sources, later ones overriding earlier ones of the same name:
 *
 * - `TRACEHUB_JUDGE_BASE_URL` / `_MODEL` / `_API_KEY` / `_ALLOW_PRIVATE`: the connection `default`;
 * - `TRACEHUB_CONNECTIONS_FILE`: a JSON or YAML file `{name: {base_url, api_key_env | api_key, model?, models?, allow_private?}}`;
 * - `TRACEHUB_CONNECTION_<NAME>_BASE_URL` (+ `_API_KEY`, `_MODEL`, `_MODELS` comma-separated, `_ALLOW_PRIVATE`): the connection
 *   `<name>` in lower case with `_` as `-` (`TRACEHUB_CONNECTION_LOCAL_VLLM_BASE_URL` → `local-vllm`).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import YAML from 'yaml';
import { CONNECTION_NAME_PATTERN, describeZodError } from '@tracehub/core';

/** One operator-configured judge endpoint. */
export interface JudgeConnection {
  name: string;
  /** OpenAI-compatible base URL, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  apiKey?: string;
  /** Model used when the policy names none. */
  model?: string;
  /** The models the connection offers (the playground's choices); `model` is added when it is not listed. */
  models: string[];
  /** This endpoint may be on a private or loopback address (e.g. a local vLLM). Default false. */
  allowPrivate: boolean;
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const fileEntry = z.strictObject({
  base_url: httpUrl,
  api_key: z.string().min(1).optional(),
  api_key_env: z.string().min(1).optional(),
  model: z.string().min(1).max(256).optional(),
  models: z.array(z.string().min(1).max(256)).max(100).optional(),
  allow_private: z.boolean().default(false),
}).refine((c) => !(c.api_key && c.api_key_env), { message: 'set api_key or api_key_env, not both' });
const fileSchema = z.record(z.string(), fileEntry).superRefine((all, ctx) => {
  for (const name of Object.keys(all)) {
    if (!CONNECTION_NAME_PATTERN.test(name)) ctx.addIssue({ code: 'custom', path: [name], message: 'connection names are lower-case letters, digits, - and _ (at most 64)' });
  }
});

const ENV_NAME = /^TRACEHUB_CONNECTION_([A-Z0-9][A-Z0-9_]*)_BASE_URL$/;
const flag = (value: string | undefined, variable: string): boolean => {
  if (value === undefined || value === '') return false;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`Invalid configuration: ${variable}: must be true or false`);
};
const blank = (v: string | undefined) => (v && v.trim() ? v.trim() : undefined);
/** The default model first, then the listed ones, each once. */
const offered = (model: string | undefined, models: string[]) => [...new Set([...(model ? [model] : []), ...models])];

function fromFile(file: string, env: Record<string, string | undefined>): JudgeConnection[] {
  let data: unknown;
  try {
    data = YAML.parse(readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  } catch (error) {
    throw new Error(`Invalid configuration: TRACEHUB_CONNECTIONS_FILE ${file} cannot be read: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = fileSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const lines = describeZodError(parsed.error).map((i) => `${i.path}: ${i.message}`);
    throw new Error(`Invalid configuration: TRACEHUB_CONNECTIONS_FILE ${file}: ${lines.join('; ')}`);
  }
  return Object.entries(parsed.data).map(([name, c]) => {
    if (c.api_key_env && !blank(env[c.api_key_env])) {
      throw new Error(`Invalid configuration: connection "${name}" in ${file} reads its key from ${c.api_key_env}, which is not set.`);
    }
    return {
      name, baseUrl: c.base_url, model: c.model, models: offered(c.model, c.models ?? []), allowPrivate: c.allow_private,
      apiKey: c.api_key ?? (c.api_key_env ? blank(env[c.api_key_env]) : undefined),
    };
  });
}

function fromEnv(env: Record<string, string | undefined>): JudgeConnection[] {
  const found: JudgeConnection[] = [];
  for (const [variable, value] of Object.entries(env)) {
    const match = ENV_NAME.exec(variable);
    if (!match || !blank(value)) continue;
    const prefix = `TRACEHUB_CONNECTION_${match[1]}`;
    const baseUrl = blank(value) as string;
    if (!httpUrl.safeParse(baseUrl).success) throw new Error(`Invalid configuration: ${variable}: must be an http(s) URL`);
    const model = blank(env[`${prefix}_MODEL`]);
    const models = (env[`${prefix}_MODELS`] ?? '').split(',').map((m) => m.trim()).filter(Boolean);
    found.push({
      name: match[1].toLowerCase().replace(/_/g, '-'), baseUrl, apiKey: blank(env[`${prefix}_API_KEY`]),
      model, models: offered(model, models), allowPrivate: flag(env[`${prefix}_ALLOW_PRIVATE`], `${prefix}_ALLOW_PRIVATE`),
    });
  }
  return found;
}

/**
 * Every configured connection by name. `defaultJudge` (from TRACEHUB_JUDGE_*) becomes `default`
 * unless the file or the environment defines that name. Throws one readable line on bad input.
 */
export function loadJudgeConnections(
  env: Record<string, string | undefined>,
  defaultJudge?: Omit<JudgeConnection, 'name' | 'models'>,
): Record<string, JudgeConnection> {
  const all: Record<string, JudgeConnection> = {};
  if (defaultJudge) all.default = { name: 'default', ...defaultJudge, models: offered(defaultJudge.model, []) };
  const file = blank(env.TRACEHUB_CONNECTIONS_FILE);
  for (const c of [...(file ? fromFile(file, env) : []), ...fromEnv(env)]) all[c.name] = c;
  return all;
}

import { isRecord, parseJsonLoose, toText } from './otlp-values.js';

/** Trace-level fields a single span (or resource) can carry. */
export interface TraceHints {
  name?: string;
  session_id?: string;
  user_id?: string;
  environment?: string;
  release?: string;
  version?: string;
  /** Explicit trace input/output (`langfuse.trace.input` / `langfuse.trace.output`). */
  input?: unknown;
  output?: unknown;
  tags: string[];
  /** Trace metadata (`langfuse.trace.metadata.*`, or the whole object as JSON). */
  metadata: Record<string, unknown>;
}

const SESSION_KEYS = ['langfuse.session.id', 'session.id', 'gen_ai.conversation.id'];
const USER_KEYS = ['langfuse.user.id', 'user.id', 'enduser.id'];
const ENVIRONMENT_KEYS = ['langfuse.environment', 'deployment.environment.name', 'deployment.environment'];
const TAG_KEYS = ['langfuse.trace.tags', 'tag.tags'];
const METADATA_PREFIX = 'langfuse.trace.metadata.';
/**
 * Free-form per-call properties: Vercel AI SDK `experimental_telemetry.metadata` and OpenLLMetry
 * association properties. Their session, user and tags keys are trace fields; the rest is metadata.
 */
const PROPERTY_PREFIXES = ['ai.telemetry.metadata.', 'traceloop.association.properties.'];
const PROPERTY_SESSION = ['sessionId', 'session_id'];
const PROPERTY_USER = ['userId', 'user_id'];
const PROPERTY_TAGS = 'tags';
const PROPERTY_SPECIAL = new Set([...PROPERTY_SESSION, ...PROPERTY_USER, PROPERTY_TAGS]);
const propertyKeys = (names: string[]) => PROPERTY_PREFIXES.flatMap((prefix) => names.map((name) => prefix + name));
const ALL_SESSION_KEYS = [...SESSION_KEYS, ...propertyKeys(PROPERTY_SESSION)];
const ALL_USER_KEYS = [...USER_KEYS, ...propertyKeys(PROPERTY_USER)];
const ALL_TAG_KEYS = [...TAG_KEYS, ...propertyKeys([PROPERTY_TAGS])];

/**
 * Reads trace-level hints from span or resource attributes: Langfuse `langfuse.trace.*`,
 * `langfuse.session.id` / `session.id` / `gen_ai.conversation.id`, `langfuse.user.id` / `user.id` /
 * `enduser.id`, environment (`langfuse.environment`, `deployment.environment[.name]`),
 * `langfuse.release`, `langfuse.version`, tags (`langfuse.trace.tags`, OpenInference `tag.tags`),
 * and the AI SDK / OpenLLMetry properties (`ai.telemetry.metadata.*`,
 * `traceloop.association.properties.*`: sessionId / session_id, userId / user_id, tags, the rest
 * as metadata).
 */
export function traceHintsOf(attributes: Record<string, unknown>): TraceHints {
  const hints: TraceHints = { tags: tagsOf(attributes), metadata: metadataOf(attributes) };
  const text = (keys: string[], max: number) => keys.map((k) => toText(attributes[k], max)).find((v) => v !== undefined);
  const assign = <K extends 'name' | 'session_id' | 'user_id' | 'environment' | 'release' | 'version'>(
    field: K,
    value: string | undefined,
  ) => {
    if (value !== undefined) hints[field] = value;
  };
  assign('name', text(['langfuse.trace.name'], 512));
  assign('session_id', text(ALL_SESSION_KEYS, 256));
  assign('user_id', text(ALL_USER_KEYS, 256));
  assign('environment', text(ENVIRONMENT_KEYS, 128));
  assign('release', text(['langfuse.release'], 128));
  assign('version', text(['langfuse.version'], 128));
  if (attributes['langfuse.trace.input'] != null) hints.input = parseJsonLoose(attributes['langfuse.trace.input']);
  if (attributes['langfuse.trace.output'] != null) hints.output = parseJsonLoose(attributes['langfuse.trace.output']);
  return hints;
}

function tagsOf(attributes: Record<string, unknown>): string[] {
  const tags = new Set<string>();
  for (const key of ALL_TAG_KEYS) {
    let value = parseJsonLoose(attributes[key]);
    if (typeof value === 'string') value = value.split(',');
    if (!Array.isArray(value)) continue;
    for (const tag of value) {
      const text = toText(tag, 128);
      if (text !== undefined) tags.add(text);
    }
  }
  return [...tags];
}

function metadataOf(attributes: Record<string, unknown>): Record<string, unknown> {
  const whole = parseJsonLoose(attributes['langfuse.trace.metadata']);
  const metadata: Record<string, unknown> = isRecord(whole) ? { ...whole } : {};
  const properties: Record<string, unknown> = {};
  for (const key in attributes) {
    if (key.startsWith(METADATA_PREFIX)) {
      if (key.length > METADATA_PREFIX.length) metadata[key.slice(METADATA_PREFIX.length)] = parseJsonLoose(attributes[key]);
      continue;
    }
    for (const prefix of PROPERTY_PREFIXES) {
      if (!key.startsWith(prefix) || key.length === prefix.length) continue;
      const name = key.slice(prefix.length);
      if (!PROPERTY_SPECIAL.has(name)) properties[name] ??= attributes[key];
    }
  }
  // Langfuse's explicit trace metadata wins over the per-call properties.
  return { ...properties, ...metadata };
}

/** Wire format of the prompt registry (`/api/v1/prompts`). */
import { z } from 'zod';

const noNul = (value: string) => !value.includes('\u0000');
const NUL_MESSAGE = 'must not contain NUL characters';

/**
 * A prompt or dataset name: letters of any script (Hangul included), digits, `_`, `-`, `.`; starts
 * with a letter, digit or `_`; at most 128 characters.
 */
export const RESOURCE_NAME_PATTERN = /^[\p{L}\p{N}_][\p{L}\p{M}\p{N}_.-]{0,127}$/u;
export const resourceNameSchema = z
  .string()
  .regex(RESOURCE_NAME_PATTERN, 'must be 1–128 letters, digits, "_", "-" or "." (starting with a letter, digit or "_")');

/**
 * A label: lowercase or caseless letters (Hangul included), digits, `_`, `-`, `.`, at most 64.
 * `latest` is kept by the server.
 */
export const PROMPT_LABEL_PATTERN = /^[\p{Ll}\p{Lo}\p{N}][\p{Ll}\p{Lo}\p{M}\p{N}_.-]{0,63}$/u;
export const promptLabelSchema = z
  .string()
  .regex(PROMPT_LABEL_PATTERN, 'must be 1–64 lowercase letters, digits, "_", "-" or "." (e.g. production)');

/** The label the server keeps on the newest version; it cannot be set or moved by hand. */
export const LATEST_LABEL = 'latest';

/** The label `GET /prompts/{name}` answers when neither label nor version is asked for. */
export const DEFAULT_PROMPT_LABEL = 'production';

/** A version number (1 … 2^31-1, what the version columns hold). */
export const versionNumberSchema = z.coerce.number().int().min(1).max(2_147_483_647);

/** `fstring` = Python str.format `{var}` (default); `mustache` = `{{var}}`. */
export const templateFormatSchema = z.enum(['fstring', 'mustache']);

/** `text` = one template; `chat` = a list of `{role, content}` messages. */
export const promptTypeSchema = z.enum(['text', 'chat']);

/** Template text: any string without NUL characters (at most 1,000,000 characters). */
export const templateTextSchema = z.string().max(1_000_000).refine(noNul, NUL_MESSAGE);

/** One chat message. */
export const chatMessageSchema = z.object({
  role: z.string().min(1).max(64),
  content: templateTextSchema,
});

const labelList = z
  .array(promptLabelSchema)
  .max(20)
  .refine((labels) => !labels.includes(LATEST_LABEL), `"${LATEST_LABEL}" always follows the newest version and cannot be set by hand`);

/** Body of `POST /prompts`: a new version, unless it is identical to the newest one. */
export const createPromptBodySchema = z
  .object({
    name: resourceNameSchema,
    type: promptTypeSchema.default('text'),
    prompt: z.union([templateTextSchema, z.array(chatMessageSchema).min(1).max(200)]),
    config: z.record(z.string(), z.unknown()).default({}),
    labels: labelList.default([]),
    commit_message: z.string().max(2000).refine(noNul, NUL_MESSAGE).nullable().optional(),
    template_format: templateFormatSchema.default('fstring'),
  })
  .superRefine((body, ctx) => {
    if (body.type === 'text' && typeof body.prompt !== 'string') {
      ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'must be a string for a text prompt (or set type to chat)' });
    }
    if (body.type === 'chat' && typeof body.prompt === 'string') {
      ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'must be a list of {role, content} messages for a chat prompt' });
    }
  });
export type CreatePromptBody = z.output<typeof createPromptBodySchema>;

/** Query of `GET /prompts/{name}`: a label (default production) or a version, not both. */
export const promptLookupQuerySchema = z
  .object({
    label: promptLabelSchema.optional(),
    version: versionNumberSchema.optional(),
  })
  .refine((q) => q.label === undefined || q.version === undefined, { message: 'ask for a label or a version, not both', path: ['version'] });
export type PromptLookupQuery = z.output<typeof promptLookupQuerySchema>;

/** Body of `POST /prompts/{name}/versions/{version}/labels`: `{labels: [...]}` or `{label}`. */
export const promoteBodySchema = z.preprocess(
  (body) => (body && typeof body === 'object' && 'label' in body && !('labels' in body) ? { labels: [(body as { label: unknown }).label] } : body),
  z.object({ labels: labelList.refine((labels) => labels.length > 0, 'name at least one label') }),
);
export type PromoteBody = z.output<typeof promoteBodySchema>;

/** Body of `POST /prompts/{name}/render`. */
export const renderPromptBodySchema = z
  .object({
    variables: z.record(z.string(), z.unknown()).default({}),
    label: promptLabelSchema.optional(),
    version: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .refine((q) => q.label === undefined || q.version === undefined, { message: 'ask for a label or a version, not both', path: ['version'] });
export type RenderPromptBody = z.output<typeof renderPromptBodySchema>;

/** A version number (digits, 1 … 2147483647, what the database column holds) or a label. */
const versionOrLabelSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((v) => !/^\d+$/.test(v) || (Number(v) >= 1 && Number(v) <= 2_147_483_647), 'must be a version from 1 to 2147483647 or a label');

/** Query of `GET /prompts/{name}/diff`: two versions or labels. */
export const promptDiffQuerySchema = z.object({
  from: versionOrLabelSchema,
  to: versionOrLabelSchema,
});

/** One prompt version as the API shows it. */
export const promptVersionViewSchema = z.object({
  name: z.string(),
  version: z.number(),
  type: promptTypeSchema,
  prompt: z.union([z.string(), z.array(chatMessageSchema)]),
  config: z.record(z.string(), z.unknown()),
  labels: z.array(z.string()),
  template_format: templateFormatSchema,
  commit_message: z.string().nullable(),
  variables: z.array(z.string()),
  content_hash: z.string(),
  created_at: z.string(),
});
export type PromptVersionView = z.infer<typeof promptVersionViewSchema>;

/** Answer of `POST /prompts`. */
export const createPromptResultSchema = z.object({
  created: z.boolean(),
  message: z.string(),
  prompt: promptVersionViewSchema,
});
export type CreatePromptResult = z.infer<typeof createPromptResultSchema>;

/** Answer of `GET /prompts/{name}/versions`: every version, newest first. */
export const promptVersionListSchema = z.object({
  name: z.string(),
  items: z.array(promptVersionViewSchema),
});
export type PromptVersionList = z.infer<typeof promptVersionListSchema>;

/** Answer of `GET /prompts/{name}/diff`: unified diffs of template and config, and changed settings as [from, to]. */
export const promptDiffSchema = z.object({
  name: z.string(),
  from: z.number(),
  to: z.number(),
  identical: z.boolean(),
  prompt_diff: z.string(),
  config_diff: z.string(),
  changes: z.object({
    type: z.tuple([promptTypeSchema, promptTypeSchema]).nullable(),
    template_format: z.tuple([templateFormatSchema, templateFormatSchema]).nullable(),
  }),
});
export type PromptDiff = z.infer<typeof promptDiffSchema>;

/** One row of `GET /prompts`. */
export const promptSummarySchema = z.object({
  name: z.string(),
  latest_version: z.number(),
  version_count: z.number(),
  labels: z.record(z.string(), z.number()),
  type: promptTypeSchema,
  template_format: templateFormatSchema,
  updated_at: z.string(),
});
export type PromptSummary = z.infer<typeof promptSummarySchema>;

/** Answer of `GET /prompts`. */
export const promptListResponseSchema = z.object({ items: z.array(promptSummarySchema) });
export type PromptListResponse = z.infer<typeof promptListResponseSchema>;

/** Body of `POST /api/v1/playground/runs` (docs/playground.md). */
import { z } from 'zod';
import {
  chatMessageSchema, promptLabelSchema, resourceNameSchema, templateFormatSchema, templateTextSchema, versionNumberSchema,
} from '@tracehub/core';

/** At most this many targets run side by side. */
export const MAX_TARGETS = 4;

/** The sampling parameters a target may set (others are refused, so a typo is a 400). */
const parametersSchema = z.strictObject({
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.number().int().min(1).max(1_000_000).optional(),
  seed: z.number().int().optional(),
  stop: z.union([z.string().max(256), z.array(z.string().max(256)).max(4)]).optional(),
  presence_penalty: z.number().min(-2).max(2).optional(),
  frequency_penalty: z.number().min(-2).max(2).optional(),
});

/** One model to run the prompt against. */
export const playgroundTargetSchema = z.strictObject({
  connection: z.string().min(1).max(64),
  /** Default: the connection's model. */
  model: z.string().min(1).max(256).optional(),
  parameters: parametersSchema.default({}),
});

/** A stored prompt version (`version`, or `label`; default `production` like `GET /prompts/{name}`). */
const promptRefSchema = z.strictObject({
  name: resourceNameSchema,
  version: versionNumberSchema.optional(),
  label: promptLabelSchema.optional(),
}).refine((r) => !(r.version !== undefined && r.label !== undefined), { message: 'give version or label, not both' });

/** A run: a stored prompt or an edited one, its variables and one to four targets. */
export const playgroundRunBodySchema = z.strictObject({
  prompt_ref: promptRefSchema.optional(),
  /** Edited text (a text prompt) or messages (a chat prompt), used instead of a stored version. */
  prompt: z.union([templateTextSchema, z.array(chatMessageSchema).min(1).max(200)]).optional(),
  template_format: templateFormatSchema.default('fstring'),
  variables: z.record(z.string(), z.unknown()).default({}),
  targets: z.array(playgroundTargetSchema).min(1).max(MAX_TARGETS),
}).superRefine((body, ctx) => {
  if ((body.prompt_ref === undefined) === (body.prompt === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['prompt'], message: 'give prompt_ref (a stored version) or prompt (edited text or messages), exactly one' });
  }
});
export type PlaygroundRunBody = z.output<typeof playgroundRunBodySchema>;

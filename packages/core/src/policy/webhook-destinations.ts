/**
 * Webhook destinations: where case notifications go, each with its own signing secret. Policies list
 * destinations by name (`definition.webhooks`); the secret is answered once, when it is made.
 */
import { z } from 'zod';

/** Destination names: lower-case letters, digits, `-` and `_` (never a URL). */
export const webhookNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be 1–64 lower-case letters, digits, - or _, starting with a letter or digit (e.g. ops-pager)');

/** Body of `POST /webhooks`. */
export const webhookDestinationBodySchema = z.strictObject({
  name: webhookNameSchema,
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048),
});
export type WebhookDestinationBody = z.output<typeof webhookDestinationBodySchema>;

/** A destination as the API shows it (the URL's credentials masked for anyone but project admins). */
export const webhookDestinationViewSchema = z.object({
  destination_id: z.string(),
  name: z.string(),
  url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type WebhookDestinationView = z.infer<typeof webhookDestinationViewSchema>;

/** Answer of creating a destination or rotating its secret: the only time the secret is shown. */
export const webhookSecretAnswerSchema = z.object({
  destination: webhookDestinationViewSchema,
  secret: z.string(),
});
export type WebhookSecretAnswer = z.infer<typeof webhookSecretAnswerSchema>;

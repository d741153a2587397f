/**
 * Webhook signatures: `x-tracehub-signature: sha256=<hex>` is HMAC-SHA256 of the raw request body
 * with TRACEHUB_WEBHOOK_SECRET. Receivers verify it over the exact bytes they received.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the signature. */
export const SIGNATURE_HEADER = 'x-tracehub-signature';
/** Header carrying the delivery attempt's Unix time in seconds. */
export const TIMESTAMP_HEADER = 'x-tracehub-timestamp';

/** `sha256=<hex>` of `body` under `secret`. */
export function signWebhook(secret: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** True when `header` is the signature of `body` under `secret` (constant-time comparison). */
export function verifyWebhookSignature(secret: string, body: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhook(secret, body));
  const given = Buffer.from(header.trim());
  return expected.length === given.length && timingSafeEqual(expected, given);
}

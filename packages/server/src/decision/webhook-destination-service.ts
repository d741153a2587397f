/**
 * Webhook destinations: a name, a URL (checked against the outbound rules when saved) and a signing
 * secret generated here, answered once when the destination is made (or its secret rotated) and
 * never again. Deliveries to a destination are signed with its own secret.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { microsToIso, type WebhookDestinationBody, type WebhookDestinationView } from '@tracehub/core';
import type { DecisionStore, WebhookDestinationRow } from '../storage/decision-store.js';
import { ConflictError, InvalidError, NotFoundError } from '../domain-errors.js';
import type { OutboundGuard } from './outbound-guard.js';
import { maskUrl } from './outbound-text.js';

/** A new signing secret: `whsec_` and 32 random bytes in base64url. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** A destination as the API shows it; the URL whole only when `reveal` (project admins). */
export function destinationView(row: WebhookDestinationRow, reveal: boolean): WebhookDestinationView {
  return {
    destination_id: row.destination_id, name: row.name, url: reveal ? row.url : maskUrl(row.url),
    created_at: microsToIso(row.created_at), updated_at: microsToIso(row.updated_at),
  };
}

/** The InvalidError for an outbound URL the rules refuse, naming the field and the reason. */
export function refusedTarget(path: string, reason: string): InvalidError {
  const message = `${path}: the URL is refused because ${reason}.`;
  return new InvalidError(message, { issues: [{ path, message: `the URL is refused because ${reason}` }] });
}

/** Creates the destination service. `now` is the clock in microseconds. */
export function createWebhookDestinationService(store: DecisionStore, guard: OutboundGuard, now: () => number) {
  async function destinationOrThrow(projectId: string, idOrName: string) {
    const row = await store.findWebhookDestination(projectId, idOrName);
    if (!row) throw new NotFoundError(`Webhook destination "${idOrName}" was not found in this project.`);
    return row;
  }

  return {
    /** `POST /webhooks`: checks the URL, generates the secret and answers it once. */
    async create(projectId: string, body: WebhookDestinationBody) {
      const refusal = await guard.checkUrl(body.url);
      if (refusal) throw refusedTarget('url', refusal);
      const at = now();
      const row: WebhookDestinationRow = {
        project_id: projectId, destination_id: randomUUID(), name: body.name, url: body.url, secret: newWebhookSecret(),
        created_at: at, updated_at: at,
      };
      const created = await store.createWebhookDestination(row);
      if (created.outcome === 'conflict') {
        throw new ConflictError(`A webhook destination named "${body.name}" already exists in this project; pick another name or delete it first.`);
      }
      return { destination: destinationView(row, true), secret: row.secret };
    },

    async list(projectId: string, reveal: boolean) {
      return { items: (await store.listWebhookDestinations(projectId)).map((r) => destinationView(r, reveal)) };
    },

    async get(projectId: string, idOrName: string, reveal: boolean) {
      return destinationView(await destinationOrThrow(projectId, idOrName), reveal);
    },

    /** `POST /webhooks/{id}/rotate-secret`: a new secret, answered once; the old one stops signing at once. */
    async rotateSecret(projectId: string, idOrName: string) {
      const row = await destinationOrThrow(projectId, idOrName);
      const rotated = await store.rotateWebhookSecret(projectId, row.destination_id, newWebhookSecret(), now());
      if (!rotated) throw new NotFoundError(`Webhook destination "${idOrName}" was not found in this project.`);
      return { destination: destinationView(rotated, true), secret: rotated.secret };
    },

    /** `DELETE /webhooks/{id}`: notifications still queued for it fail. */
    async remove(projectId: string, idOrName: string) {
      const row = await destinationOrThrow(projectId, idOrName);
      await store.deleteWebhookDestination(projectId, row.destination_id);
      return { destination_id: row.destination_id, deleted: true };
    },
  };
}

/** The webhook destination service. */
export type WebhookDestinationService = ReturnType<typeof createWebhookDestinationService>;

/**
 * Projects and their API keys as the API shows them (reads for the admin and sign-in routes).
 * Creating projects and keys stays in the auth service, which also caches key lookups.
 */
import { microsToIso, microsToIsoOrNull } from '@tracehub/core';
import type { ProjectStore } from '../storage/store.js';
import type { ApiKeyRow, ProjectRow } from '../storage/rows.js';
import { langfusePublicKey } from './api-keys.js';

/** A project as the API shows it. */
export function projectView(p: ProjectRow) {
  return { project_id: p.project_id, name: p.name, created_at: microsToIso(p.created_at) };
}

/**
 * An API key as the API shows it (never its hash; the raw key is answered once, at creation). A
 * Langfuse-style key also shows its `public_key` (`pk-lf-…`).
 */
export function apiKeyView(k: ApiKeyRow) {
  const publicKey = langfusePublicKey(k.key_id, k.key_prefix);
  return {
    key_id: k.key_id,
    name: k.name,
    key_prefix: k.key_prefix,
    ...(publicKey ? { public_key: publicKey } : {}),
    scopes: k.scopes,
    created_at: microsToIso(k.created_at),
    revoked_at: microsToIsoOrNull(k.revoked_at),
  };
}

/** Creates the project service over the project store. */
export function createProjectService(projects: Pick<ProjectStore, 'listProjects' | 'getProject' | 'listApiKeys'>) {
  return {
    /** Every project of the instance. */
    async list() {
      return (await projects.listProjects()).map(projectView);
    },

    /** One project, or null when it does not exist. */
    async get(projectId: string) {
      const project = await projects.getProject(projectId);
      return project ? projectView(project) : null;
    },

    /** The API keys of a project, revoked ones included. */
    async keys(projectId: string) {
      return (await projects.listApiKeys(projectId)).map(apiKeyView);
    },
  };
}

/** The project service. */
export type ProjectService = ReturnType<typeof createProjectService>;

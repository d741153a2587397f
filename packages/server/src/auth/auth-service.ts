/** Resolves API keys to projects and scopes, with a short in-memory cache in front of the store. */
import { randomUUID } from 'node:crypto';
import type { ProjectStore } from '../storage/store.js';
import { ALL_SCOPES, generateApiKey, hashApiKey, keyPrefix, type Scope } from './api-keys.js';

/** Who is calling: the project a key belongs to and what it may do. */
export interface AuthContext {
  projectId: string;
  keyId: string;
  scopes: Scope[];
}

const CACHE_TTL_MS = 30_000;

/** Creates the auth service. `now` is the clock in microseconds. */
export function createAuthService(projects: ProjectStore, now: () => number) {
  const cache = new Map<string, { context: AuthContext | null; until: number }>();

  return {
    /** The caller behind a raw key, or null for an unknown or revoked key. */
    async authenticate(rawKey: string): Promise<AuthContext | null> {
      const hash = hashApiKey(rawKey);
      const hit = cache.get(hash);
      if (hit && hit.until > Date.now()) return hit.context;
      const row = await projects.findApiKeyByHash(hash);
      const context = row && row.revoked_at == null ? { projectId: row.project_id, keyId: row.key_id, scopes: row.scopes as Scope[] } : null;
      if (cache.size > 10_000) cache.clear();
      cache.set(hash, { context, until: Date.now() + CACHE_TTL_MS });
      return context;
    },

    /** Creates a key; the raw key is answered once and never stored. */
    async createKey(projectId: string, name: string, scopes: Scope[], rawKey = generateApiKey()) {
      const row = {
        key_id: randomUUID(),
        project_id: projectId,
        name,
        key_hash: hashApiKey(rawKey),
        key_prefix: keyPrefix(rawKey),
        scopes,
        created_at: now(),
        revoked_at: null,
      };
      await projects.createApiKey(row);
      return { ...row, key: rawKey };
    },

    async revokeKey(projectId: string, keyId: string): Promise<boolean> {
      const done = await projects.revokeApiKey(projectId, keyId, now());
      if (done) cache.clear();
      return done;
    },

    /** Creates a project with a first admin key; null when the name is taken. */
    async createProject(name: string, rawKey?: string) {
      const project = await projects.createProject({ project_id: randomUUID(), name, created_at: now() });
      if (!project) return null;
      const key = await this.createKey(project.project_id, `${name} admin key`, ALL_SCOPES, rawKey);
      return { project, key };
    },

    /** On first start (no project at all): project `default` with the bootstrap key. */
    async bootstrap(bootstrapKey: string): Promise<boolean> {
      if ((await projects.countProjects()) > 0) return false;
      return (await this.createProject('default', bootstrapKey)) !== null;
    },
  };
}

/** The auth service. */
export type AuthService = ReturnType<typeof createAuthService>;

/** True when `scopes` allow `needed` (admin allows everything; ingest allows feedback). */
export function hasScope(scopes: Scope[], needed: Scope): boolean {
  return scopes.includes('admin') || scopes.includes(needed) || (needed === 'feedback' && scopes.includes('ingest'));
}

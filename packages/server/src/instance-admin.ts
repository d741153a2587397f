/**
 * Instance administration on the server's own machine (`tracehub admin …`): opens the store directly
 * with the server's settings (TRACEHUB_DATA_DIR / TRACEHUB_DATABASE_URL, from the environment and
 * `.env`) and runs the same services as the API, never over HTTP. Whoever can read the server's
 * database and settings is trusted as the instance administrator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { loadConfig } from './config.js';
import { createStore } from './storage/create-store.js';
import type { Store } from './storage/store.js';
import type { ProjectRole } from './storage/membership-store.js';
import type { ProjectRow } from './storage/rows.js';
import { NotFoundError } from './domain-errors.js';
import { parseWith } from './parse-input.js';
import { apiKeyCreateSchema, type ApiKeyFormat, type ApiScope } from '@tracehub/core';
import { createAuthService } from './auth/auth-service.js';
import { generateApiKey } from './auth/api-keys.js';
import { apiKeyView } from './auth/project-service.js';
import { createUserService, passwordSchema, roleSchema, usernameSchema } from './auth/user-service.js';
import { createMembershipService } from './auth/membership-service.js';
import { generatePassword } from './auth/passwords.js';

/** A user as the admin command lists it. */
export interface AdminUserView {
  user_id: string;
  username: string;
  instance_admin: boolean;
  projects: Array<{ project_id: string; name: string; role: ProjectRole }>;
}

/** An API key as the admin command lists it (never the key itself). */
export type AdminKeyView = ReturnType<typeof apiKeyView>;

/** The operations of `tracehub admin`. Projects are named by id or name, users by username. */
export interface InstanceAdmin {
  listUsers(): Promise<AdminUserView[]>;
  /** Creates a user; without `password` one is generated and answered once. */
  createUser(input: { username: string; password?: string; instanceAdmin?: boolean }): Promise<{ user: AdminUserView; generatedPassword?: string }>;
  /** Sets a password (generated and answered when not given) and ends the user's sessions. */
  setPassword(username: string, password?: string): Promise<{ generatedPassword?: string }>;
  /** Grants or takes the instance-administrator flag (the last instance administrator keeps it). */
  setInstanceAdmin(username: string, on: boolean): Promise<AdminUserView>;
  listProjects(): Promise<Array<ProjectRow & { members: number }>>;
  /** Creates a project with its first admin API key (answered once); `admin` becomes its admin member. */
  createProject(name: string, admin?: string): Promise<{ project: ProjectRow; apiKey: string }>;
  listMembers(project: string): Promise<Array<{ username: string; role: ProjectRole }>>;
  addMember(project: string, username: string, role: ProjectRole): Promise<void>;
  removeMember(project: string, username: string): Promise<void>;
  /** The API keys of a project, revoked ones included. */
  listKeys(project: string): Promise<AdminKeyView[]>;
  /** Creates an API key (answered once); `langfuse` issues a `pk-lf-…`/`sk-lf-…` pair. */
  createKey(project: string, input: { name: string; scopes?: ApiScope[]; format?: ApiKeyFormat }): Promise<AdminKeyView & { key: string }>;
  /** Revokes a key of the project by its id. */
  revokeKey(project: string, keyId: string): Promise<void>;
  close(): Promise<void>;
}

/** Reads the server's settings: `env` over the `.env` file of the current directory, like `npm start`. */
export function serverSettings(env: Record<string, string | undefined>) {
  const merged: Record<string, string | undefined> = {};
  loadDotenv({ processEnv: merged as Record<string, string> });
  return loadConfig({ ...merged, ...env });
}

/** Opens the server's store (migrating it like a server start) and answers the admin operations. */
export async function openInstanceAdmin(env: Record<string, string | undefined> = process.env): Promise<InstanceAdmin> {
  const config = serverSettings(env);
  const file = path.join(config.dataDir, 'tracehub.db');
  if (!config.databaseUrl && !fs.existsSync(file)) {
    throw new Error(`No Trace Hub database at ${file}; run this on the server machine with the server's TRACEHUB_DATA_DIR or TRACEHUB_DATABASE_URL.`);
  }
  const store: Store = createStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  const now = () => Date.now() * 1000;
  const users = createUserService(store.users, now);
  const memberships = createMembershipService(store.users, store.projects, now);
  const auth = createAuthService(store.projects, now);

  const userByName = (username: string) => users.byUsername(parseWith(usernameSchema, username));
  const project = async (ref: string) => {
    const found = (await store.projects.getProject(ref)) ?? (await store.projects.listProjects()).find((p) => p.name === ref);
    if (!found) throw new NotFoundError(`No project has the id or name "${ref}"; see tracehub admin projects list.`);
    return found;
  };
  const view = async (userId: string): Promise<AdminUserView> => {
    const user = await users.get(userId);
    const projects = (await memberships.projectsOf(userId)).map((p) => ({ project_id: p.project_id, name: p.name, role: p.role }));
    return { user_id: user.user_id, username: user.username, instance_admin: user.instance_admin, projects };
  };
  const chosenPassword = (password?: string) => (password === undefined ? generatePassword() : parseWith(passwordSchema, password));

  return {
    async listUsers() {
      return Promise.all((await users.list()).map((u) => view(u.user_id)));
    },
    async createUser({ username, password, instanceAdmin }) {
      const chosen = chosenPassword(password);
      const user = await users.create({ username: parseWith(usernameSchema, username), password: chosen, instance_admin: instanceAdmin ?? false });
      return { user: await view(user.user_id), ...(password === undefined ? { generatedPassword: chosen } : {}) };
    },
    async setPassword(username, password) {
      const chosen = chosenPassword(password);
      await users.update((await userByName(username)).user_id, { password: chosen });
      return password === undefined ? { generatedPassword: chosen } : {};
    },
    async setInstanceAdmin(username, on) {
      const user = await userByName(username);
      await users.update(user.user_id, { instance_admin: on });
      return view(user.user_id);
    },
    async listProjects() {
      const all = await memberships.all();
      return (await store.projects.listProjects()).map((p) => ({ ...p, members: all.filter((m) => m.project_id === p.project_id).length }));
    },
    async createProject(name, admin) {
      const owner = admin === undefined ? undefined : await userByName(admin);
      const trimmed = name.trim();
      if (!trimmed || trimmed.length > 128) throw new Error('A project name is 1–128 characters.');
      const created = await auth.createProject(trimmed);
      if (!created) throw new Error(`A project named "${trimmed}" already exists.`);
      if (owner) await memberships.set(created.project.project_id, owner.user_id, 'admin');
      return { project: created.project, apiKey: created.key.key };
    },
    async listMembers(ref) {
      return (await memberships.members((await project(ref)).project_id)).map((m) => ({ username: m.username, role: m.role }));
    },
    async addMember(ref, username, role) {
      const p = await project(ref);
      await memberships.set(p.project_id, (await userByName(username)).user_id, parseWith(roleSchema, role));
    },
    async removeMember(ref, username) {
      const p = await project(ref);
      await memberships.remove(p.project_id, (await userByName(username)).user_id);
    },
    async listKeys(ref) {
      return (await store.projects.listApiKeys((await project(ref)).project_id)).map(apiKeyView);
    },
    async createKey(ref, input) {
      const p = await project(ref);
      const { name, scopes, format } = parseWith(apiKeyCreateSchema, input);
      const key = await auth.createKey(p.project_id, name, scopes, generateApiKey(format));
      return { ...apiKeyView(key), key: key.key };
    },
    async revokeKey(ref, keyId) {
      const p = await project(ref);
      if (!(await auth.revokeKey(p.project_id, keyId))) throw new NotFoundError(`API key "${keyId}" was not found in project ${p.name} or is already revoked.`);
    },
    close: () => store.close(),
  };
}

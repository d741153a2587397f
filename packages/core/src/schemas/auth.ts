/** Answers about who is calling: the user, their projects and roles (`/auth/*`, `/users`). */
import { z } from 'zod';

/**
 * What an API key or a role may do. `admin` implies the others; `ingest` implies `feedback`, which
 * alone only writes end-user feedback (`POST /feedback`): a key safe to ship in a web page.
 */
export const apiScopeSchema = z.enum(['ingest', 'read', 'admin', 'feedback']);
export type ApiScope = z.infer<typeof apiScopeSchema>;

/** How a new API key looks: `th_…`, or a Langfuse-style pair (`sk-lf-…` secret, `pk-lf-…` public key). */
export const apiKeyFormatSchema = z.enum(['tracehub', 'langfuse']);
export type ApiKeyFormat = z.infer<typeof apiKeyFormatSchema>;

/** `POST /admin/keys` body. */
export const apiKeyCreateSchema = z.object({
  name: z.string().trim().min(1).max(128),
  scopes: z.array(apiScopeSchema).min(1).default(['ingest', 'read']),
  format: apiKeyFormatSchema.default('tracehub'),
});
export type ApiKeyCreate = z.infer<typeof apiKeyCreateSchema>;

/** A user's role inside one project. */
export const projectRoleSchema = z.enum(['admin', 'member', 'viewer']);
export type ProjectRole = z.infer<typeof projectRoleSchema>;

/** A UI user as the API shows it (never the password hash). */
export const userViewSchema = z.object({
  user_id: z.string(),
  username: z.string(),
  /** Manages users and projects of the whole instance (not a data permission). */
  instance_admin: z.boolean(),
  default_project_id: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type UserView = z.infer<typeof userViewSchema>;

/** A project as `/auth/me` lists it: only the caller's projects, with the caller's role (null for an API key). */
export const memberProjectViewSchema = z.object({
  project_id: z.string(),
  name: z.string(),
  role: projectRoleSchema.nullable(),
  created_at: z.string(),
});
export type MemberProjectView = z.infer<typeof memberProjectViewSchema>;

/** `GET /auth/me` answer. */
export const authMeSchema = z.object({
  user: userViewSchema.nullable(),
  auth: z.enum(['session', 'api_key']),
  scopes: z.array(apiScopeSchema),
  /** The current project; null when the user belongs to no project. */
  project_id: z.string().nullable(),
  /** The user's role in the current project. */
  project_role: projectRoleSchema.nullable(),
  projects: z.array(memberProjectViewSchema),
  csrf_token: z.string().nullable(),
});
export type AuthMe = z.infer<typeof authMeSchema>;

/**
 * Project memberships: which users belong to which project and with what role. Membership is what
 * grants access to a project's data; being an instance administrator does not.
 */
import { microsToIso, type MemberProjectView } from '@tracehub/core';
import { ConflictError, NotFoundError } from '../domain-errors.js';
import type { ProjectStore } from '../storage/store.js';
import type { UserStore } from '../storage/user-store.js';
import type { MemberProjectRow, MembershipRow, ProjectMemberRow, ProjectRole } from '../storage/membership-store.js';

/** A project member as the API shows it. */
export function memberView(m: ProjectMemberRow) {
  return { user_id: m.user_id, username: m.username, role: m.role, created_at: microsToIso(m.created_at) };
}

/** A project the caller belongs to, as the API shows it. */
export function memberProjectView(p: MemberProjectRow): MemberProjectView {
  return { project_id: p.project_id, name: p.name, role: p.role, created_at: microsToIso(p.created_at) };
}

/** Options of membership changes. */
export interface MembershipChangeOptions {
  /** Refuse a change that leaves the project without an admin member (changes made by project admins). */
  keepAnAdmin?: boolean;
}

/** Creates the membership service. `now` is the clock in microseconds. */
export function createMembershipService(users: UserStore, projects: ProjectStore, now: () => number) {
  async function mustProject(projectId: string) {
    const project = await projects.getProject(projectId);
    if (!project) throw new NotFoundError(`Project "${projectId}" does not exist.`);
    return project;
  }
  async function mustUser(userId: string) {
    const user = await users.getUser(userId);
    if (!user) throw new NotFoundError(`User "${userId}" does not exist.`);
    return user;
  }
  async function otherAdmins(projectId: string, userId: string): Promise<number> {
    return (await users.listProjectMembers(projectId)).filter((m) => m.role === 'admin' && m.user_id !== userId).length;
  }
  const lastAdmin = () =>
    new ConflictError('A project must keep at least one admin member; make another member admin first (or ask an instance administrator).');

  return {
    /** The projects a user belongs to, with the role in each, oldest project first. */
    projectsOf(userId: string): Promise<MemberProjectRow[]> {
      return users.listUserProjects(userId);
    },

    /** The members of a project (404 when it does not exist). */
    async members(projectId: string): Promise<ProjectMemberRow[]> {
      await mustProject(projectId);
      return users.listProjectMembers(projectId);
    },

    /** Every membership of the instance. */
    all(): Promise<MembershipRow[]> {
      return users.listAllMemberships();
    },

    /** The user's role in a project, or null when not a member. */
    async roleOf(projectId: string, userId: string): Promise<ProjectRole | null> {
      return (await users.getMembership(projectId, userId))?.role ?? null;
    },

    /** Adds a user to a project or changes their role there. */
    async set(projectId: string, userId: string, role: ProjectRole, options: MembershipChangeOptions = {}): Promise<ProjectMemberRow> {
      await mustProject(projectId);
      const user = await mustUser(userId);
      const current = await users.getMembership(projectId, userId);
      if (options.keepAnAdmin && current?.role === 'admin' && role !== 'admin' && (await otherAdmins(projectId, userId)) === 0) throw lastAdmin();
      const row = await users.putMembership({ project_id: projectId, user_id: userId, role, created_at: now() });
      return { ...row, username: user.username };
    },

    /** Removes a user from a project (404 when they are not a member). */
    async remove(projectId: string, userId: string, options: MembershipChangeOptions = {}): Promise<void> {
      const current = await users.getMembership(projectId, userId);
      if (!current) throw new NotFoundError(`User "${userId}" is not a member of this project.`);
      if (options.keepAnAdmin && current.role === 'admin' && (await otherAdmins(projectId, userId)) === 0) throw lastAdmin();
      await users.removeMembership(projectId, userId);
    },
  };
}

/** The membership service. */
export type MembershipService = ReturnType<typeof createMembershipService>;

/** The storage seam of project memberships: which UI users belong to which project, and in what role. */

/** A user's role inside one project: viewer reads, member also writes data, admin also manages the project. */
export type ProjectRole = 'admin' | 'member' | 'viewer';

/** One membership: `user_id` belongs to `project_id` with `role`. */
export interface MembershipRow {
  project_id: string;
  user_id: string;
  role: ProjectRole;
  created_at: number;
}

/** A project a user belongs to, with the user's role in it. */
export interface MemberProjectRow {
  project_id: string;
  name: string;
  created_at: number;
  role: ProjectRole;
}

/** A member of a project, with the username. */
export interface ProjectMemberRow extends MembershipRow {
  username: string;
}

/** Memberships. */
export interface MembershipStore {
  /** The projects `userId` belongs to, oldest project first. */
  listUserProjects(userId: string): Promise<MemberProjectRow[]>;
  /** The members of a project, by username. */
  listProjectMembers(projectId: string): Promise<ProjectMemberRow[]>;
  /** Every membership of the instance (for the instance administrator's user list). */
  listAllMemberships(): Promise<MembershipRow[]>;
  getMembership(projectId: string, userId: string): Promise<MembershipRow | null>;
  /** Adds a membership or changes its role (keeping `created_at` of an existing one); answers the stored row. */
  putMembership(row: MembershipRow): Promise<MembershipRow>;
  /** Removes a membership; answers false when there was none. */
  removeMembership(projectId: string, userId: string): Promise<boolean>;
  /** Makes `userId` a member of every existing project with `role` (first start); answers how many were added. */
  addToEveryProject(userId: string, role: ProjectRole, at: number): Promise<number>;
}

/** Storage contract for workspaces, groups and role grants. */
import type { Role } from "../../shared/rights.ts";
import type { MaybePromise } from "./types.ts";

export interface WorkspaceRecord {
  id: string;
  name: string;
  /** Exactly one of the two owns the workspace. */
  ownerUserId: string | null;
  ownerGroupId: string | null;
  createdAt: string;
}

export interface GroupRecord {
  id: string;
  name: string;
  createdAt: string;
}

export type ResourceType = "dataset" | "workspace";
export type PrincipalType = "user" | "group";

export interface GrantRecord {
  resourceType: ResourceType;
  resourceId: string;
  principalType: PrincipalType;
  principalId: string;
  role: Role;
}

export interface RightsStore {
  createWorkspace(workspace: WorkspaceRecord): MaybePromise<void>;
  workspace(id: string): MaybePromise<WorkspaceRecord | null>;
  /** Workspaces a user owns, owns through a group, or holds a grant on. */
  workspacesOf(userId: string): MaybePromise<WorkspaceRecord[]>;
  createGroup(group: GroupRecord): MaybePromise<void>;
  group(id: string): MaybePromise<GroupRecord | null>;
  groupMembers(groupId: string): MaybePromise<string[]>;
  addGroupMember(groupId: string, userId: string): MaybePromise<void>;
  removeGroupMember(groupId: string, userId: string): MaybePromise<void>;
  groupsOf(userId: string): MaybePromise<GroupRecord[]>;
  /** Creates or replaces the grant of one principal on one resource. */
  grant(grant: GrantRecord): MaybePromise<void>;
  revoke(
    resourceType: ResourceType,
    resourceId: string,
    principalType: PrincipalType,
    principalId: string,
  ): MaybePromise<void>;
  grantsOn(resourceType: ResourceType, resourceId: string): MaybePromise<GrantRecord[]>;
  /**
   * Every role a user holds on datasets, directly or through a group, a workspace grant or
   * workspace ownership ("owner"), keyed by dataset id. Only datasets with at least one role appear.
   */
  memberRoles(userId: string, datasetId?: string): MaybePromise<Map<string, Role[]>>;
  /**
   * The other way round: every user holding a role on one dataset (by the same routes as
   * memberRoles), with their roles, keyed by user id; read from the grants on the dataset and its
   * workspace, not by asking for each account.
   */
  datasetMembers(datasetId: string): MaybePromise<Map<string, Role[]>>;
}

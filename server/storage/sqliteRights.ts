import type Database from "better-sqlite3";
import type { Role } from "../../shared/rights.ts";
import type {
  GrantRecord,
  GroupRecord,
  PrincipalType,
  ResourceType,
  RightsStore,
  WorkspaceRecord,
} from "./rightsTypes.ts";

type WorkspaceRow = {
  id: string;
  name: string;
  owner_user_id: string | null;
  owner_group_id: string | null;
  created_at: string;
};
type GrantRow = {
  resource_type: string;
  resource_id: string;
  principal_type: string;
  principal_id: string;
  role: string;
};

const toWorkspace = (row: WorkspaceRow): WorkspaceRecord => ({
  id: row.id,
  name: row.name,
  ownerUserId: row.owner_user_id,
  ownerGroupId: row.owner_group_id,
  createdAt: row.created_at,
});
const toGrant = (row: GrantRow): GrantRecord => ({
  resourceType: row.resource_type as ResourceType,
  resourceId: row.resource_id,
  principalType: row.principal_type as PrincipalType,
  principalId: row.principal_id,
  role: row.role as Role,
});

// The groups a user belongs to, as a subquery over the named parameter @user.
const MY_GROUPS = "(SELECT group_id FROM group_members WHERE user_id = @user)";

export function sqliteRightsStore(db: Database.Database): RightsStore {
  const q = {
    createWorkspace: db.prepare(
      "INSERT INTO workspaces (id, name, owner_user_id, owner_group_id, created_at) VALUES (@id, @name, @ownerUserId, @ownerGroupId, @createdAt)",
    ),
    workspace: db.prepare<[string], WorkspaceRow>("SELECT * FROM workspaces WHERE id = ?"),
    workspacesOf: db.prepare<{ user: string }, WorkspaceRow>(
      `SELECT * FROM workspaces WHERE owner_user_id = @user OR owner_group_id IN ${MY_GROUPS}
         OR id IN (SELECT resource_id FROM grants WHERE resource_type = 'workspace'
                   AND ((principal_type = 'user' AND principal_id = @user) OR (principal_type = 'group' AND principal_id IN ${MY_GROUPS})))
       ORDER BY created_at, id`,
    ),
    createGroup: db.prepare("INSERT INTO groups (id, name, created_at) VALUES (@id, @name, @createdAt)"),
    group: db.prepare<[string], { id: string; name: string; created_at: string }>("SELECT * FROM groups WHERE id = ?"),
    groupMembers: db.prepare<[string], { user_id: string }>("SELECT user_id FROM group_members WHERE group_id = ?"),
    addMember: db.prepare<[string, string]>(
      "INSERT INTO group_members (group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
    ),
    removeMember: db.prepare<[string, string]>("DELETE FROM group_members WHERE group_id = ? AND user_id = ?"),
    groupsOf: db.prepare<[string], { id: string; name: string; created_at: string }>(
      "SELECT g.* FROM groups g JOIN group_members m ON m.group_id = g.id WHERE m.user_id = ? ORDER BY g.name",
    ),
    grant: db.prepare(
      `INSERT INTO grants (resource_type, resource_id, principal_type, principal_id, role)
       VALUES (@resourceType, @resourceId, @principalType, @principalId, @role)
       ON CONFLICT (resource_type, resource_id, principal_type, principal_id) DO UPDATE SET role = excluded.role`,
    ),
    revoke: db.prepare<[string, string, string, string]>(
      "DELETE FROM grants WHERE resource_type = ? AND resource_id = ? AND principal_type = ? AND principal_id = ?",
    ),
    grantsOn: db.prepare<[string, string], GrantRow>(
      "SELECT * FROM grants WHERE resource_type = ? AND resource_id = ? ORDER BY principal_type, principal_id",
    ),
    memberRoles: db.prepare<{ user: string; dataset: string | null }, { dataset_id: string; role: string }>(
      `SELECT d.id AS dataset_id, g.role AS role FROM datasets d JOIN grants g
         ON (g.resource_type = 'dataset' AND g.resource_id = d.id) OR (g.resource_type = 'workspace' AND g.resource_id = d.workspace_id)
       WHERE (@dataset IS NULL OR d.id = @dataset)
         AND ((g.principal_type = 'user' AND g.principal_id = @user) OR (g.principal_type = 'group' AND g.principal_id IN ${MY_GROUPS}))
       UNION ALL
       SELECT d.id, 'owner' FROM datasets d JOIN workspaces w ON w.id = d.workspace_id
       WHERE (@dataset IS NULL OR d.id = @dataset) AND (w.owner_user_id = @user OR w.owner_group_id IN ${MY_GROUPS})`,
    ),
    datasetMembers: db.prepare<[string], { user_id: string; role: string }>(
      `WITH d AS (SELECT id, workspace_id FROM datasets WHERE id = ?),
       g AS (SELECT principal_type, principal_id, role FROM grants
           WHERE resource_type = 'dataset' AND resource_id = (SELECT id FROM d)
         UNION ALL SELECT principal_type, principal_id, role FROM grants
           WHERE resource_type = 'workspace' AND resource_id = (SELECT workspace_id FROM d)),
       w AS (SELECT w.owner_user_id, w.owner_group_id FROM d JOIN workspaces w ON w.id = d.workspace_id)
       SELECT principal_id AS user_id, role FROM g WHERE principal_type = 'user'
       UNION ALL SELECT m.user_id, g.role FROM g JOIN group_members m ON g.principal_type = 'group' AND m.group_id = g.principal_id
       UNION ALL SELECT owner_user_id, 'owner' FROM w WHERE owner_user_id IS NOT NULL
       UNION ALL SELECT m.user_id, 'owner' FROM w JOIN group_members m ON m.group_id = w.owner_group_id`,
    ),
  };

  return {
    createWorkspace: (workspace) => {
      q.createWorkspace.run(workspace);
    },
    workspace: (id) => {
      const row = q.workspace.get(id);
      return row ? toWorkspace(row) : null;
    },
    workspacesOf: (userId) => q.workspacesOf.all({ user: userId }).map(toWorkspace),
    createGroup: (group: GroupRecord) => {
      q.createGroup.run(group);
    },
    group: (id) => {
      const row = q.group.get(id);
      return row ? { id: row.id, name: row.name, createdAt: row.created_at } : null;
    },
    groupMembers: (groupId) => q.groupMembers.all(groupId).map((r) => r.user_id),
    addGroupMember: (groupId, userId) => {
      q.addMember.run(groupId, userId);
    },
    removeGroupMember: (groupId, userId) => {
      q.removeMember.run(groupId, userId);
    },
    groupsOf: (userId) => q.groupsOf.all(userId).map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at })),
    grant: (grant) => {
      q.grant.run(grant);
    },
    revoke: (resourceType, resourceId, principalType, principalId) => {
      q.revoke.run(resourceType, resourceId, principalType, principalId);
    },
    grantsOn: (resourceType, resourceId) => q.grantsOn.all(resourceType, resourceId).map(toGrant),
    memberRoles: (userId, datasetId) => {
      const roles = new Map<string, Role[]>();
      for (const row of q.memberRoles.all({ user: userId, dataset: datasetId ?? null })) {
        const list = roles.get(row.dataset_id) ?? [];
        list.push(row.role as Role);
        roles.set(row.dataset_id, list);
      }
      return roles;
    },
    datasetMembers: (datasetId) => {
      const members = new Map<string, Role[]>();
      for (const row of q.datasetMembers.all(datasetId)) {
        const list = members.get(row.user_id) ?? [];
        list.push(row.role as Role);
        members.set(row.user_id, list);
      }
      return members;
    },
  };
}

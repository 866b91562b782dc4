import { randomUUID } from "node:crypto";
import { higherRole, type Role } from "../../shared/rights.ts";
import type { UserRecord } from "../storage/accountTypes.ts";
import type { WorkspaceRecord } from "../storage/rightsTypes.ts";
import type { Storage } from "../storage/types.ts";

/** The user's own workspace, made on first need. */
export async function personalWorkspace(storage: Storage, user: UserRecord): Promise<WorkspaceRecord> {
  const own = (await storage.rights.workspacesOf(user.id)).find((w) => w.ownerUserId === user.id);
  if (own) return own;
  const workspace: WorkspaceRecord = {
    id: randomUUID(),
    name: user.name,
    ownerUserId: user.id,
    ownerGroupId: null,
    createdAt: new Date().toISOString(),
  };
  await storage.rights.createWorkspace(workspace);
  return workspace;
}

/** The user's role on a workspace: owner through ownership (own or a group's), else the best grant. */
export async function workspaceRole(
  storage: Storage,
  userId: string,
  workspace: WorkspaceRecord,
): Promise<Role | null> {
  if (workspace.ownerUserId === userId) return "owner";
  const groups = (await storage.rights.groupsOf(userId)).map((g) => g.id);
  if (workspace.ownerGroupId && groups.includes(workspace.ownerGroupId)) return "owner";
  const grants = await storage.rights.grantsOn("workspace", workspace.id);
  return grants
    .filter(
      (g) =>
        (g.principalType === "user" && g.principalId === userId) ||
        (g.principalType === "group" && groups.includes(g.principalId)),
    )
    .reduce<Role | null>((best, g) => higherRole(best, g.role), null);
}

/** The workspace a new dataset goes to (the user's own by default), or null if the user may not create there. */
export async function workspaceToCreateIn(
  storage: Storage,
  user: UserRecord,
  workspaceId: string | undefined,
): Promise<WorkspaceRecord | null> {
  const workspace = workspaceId ? await storage.rights.workspace(workspaceId) : await personalWorkspace(storage, user);
  const role = workspace ? await workspaceRole(storage, user.id, workspace) : null;
  return workspace && higherRole(role, "editor") === role ? workspace : null;
}

/** Workspaces (owned by a person or a group) with their datasets, and groups with their members. */
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { workspaceApi } from "../../shared/api/workspaces.ts";
import type { CollabEvents } from "../collab/collabEvents.ts";
import { personalWorkspace, workspaceRole } from "../datasets/workspaces.ts";
import { visibleDatasets } from "../rights/access.ts";
import type { Storage } from "../storage/types.ts";
import { datasetSummary } from "./datasetAccess.ts";
import { HttpError } from "./errors.ts";
import { serve } from "./serve.ts";
import { requireSession } from "./session.ts";

export function workspaceRoutes(storage: Storage, events: CollabEvents) {
  return async (app: FastifyInstance) => {
    serve(app, workspaceApi.list, async (_, request) => {
      const { user } = requireSession(request);
      await personalWorkspace(storage, user);
      const workspaces = await storage.rights.workspacesOf(user.id);
      const datasets = await visibleDatasets(storage, request.principal);
      return {
        workspaces: await Promise.all(
          workspaces.map(async (workspace) => ({
            ...workspace,
            role: await workspaceRole(storage, user.id, workspace),
            datasets: datasets
              .filter(({ dataset }) => dataset.workspaceId === workspace.id)
              .map(({ dataset, access }) => datasetSummary(dataset, access)),
          })),
        ),
      };
    });

    serve(app, workspaceApi.create, async ({ body: { name, groupId } }, request) => {
      const { user } = requireSession(request);
      if (groupId && !(await storage.rights.groupsOf(user.id)).some((g) => g.id === groupId)) {
        throw new HttpError(403, "forbidden", "Only members of a group can make a workspace for it.");
      }
      const workspace = {
        id: randomUUID(),
        name,
        ownerUserId: groupId ? null : user.id,
        ownerGroupId: groupId ?? null,
        createdAt: new Date().toISOString(),
      };
      await storage.rights.createWorkspace(workspace);
      return workspace;
    });

    serve(app, workspaceApi.groups, async (_, request) => {
      const { user } = requireSession(request);
      const groups = await storage.rights.groupsOf(user.id);
      return {
        groups: await Promise.all(
          groups.map(async (group) => {
            const ids = await storage.rights.groupMembers(group.id);
            const people = await Promise.all(ids.map((id) => storage.users.byId(id)));
            const members = people.flatMap((p) => (p ? [{ id: p.id, name: p.name, email: p.email }] : []));
            return { ...group, members: members.sort((a, b) => a.name.localeCompare(b.name)) };
          }),
        ),
      };
    });

    serve(app, workspaceApi.createGroup, async ({ body }, request) => {
      const { user } = requireSession(request);
      const group = {
        id: randomUUID(),
        name: body.name,
        createdAt: new Date().toISOString(),
      };
      await storage.rights.createGroup(group);
      await storage.rights.addGroupMember(group.id, user.id);
      return group;
    });

    // The same answer whether or not an account uses the address: this is no way to find out who
    // has an account. Joining a group only adds rights, so the person's open sockets stay as they are
    // (they get the new rights at their next connection); adding a member again changes nothing.
    serve(app, workspaceApi.addGroupMember, async ({ params, body }, request) => {
      const { user } = requireSession(request);
      await requireGroupMember(params.id, user.id);
      const member = await storage.users.byEmail(body.email);
      if (member) await storage.rights.addGroupMember(params.id, member.id);
    });

    serve(app, workspaceApi.removeGroupMember, async ({ params }, request) => {
      const { user } = requireSession(request);
      await requireGroupMember(params.id, user.id);
      const wasMember = (await storage.rights.groupMembers(params.id)).includes(params.userId);
      await storage.rights.removeGroupMember(params.id, params.userId);
      // Leaving a group may take rights away anywhere: the person's sockets reconnect with what is left.
      if (wasMember) events.personChanged(params.userId);
    });
  };

  async function requireGroupMember(groupId: string, userId: string) {
    if (!(await storage.rights.groupMembers(groupId)).includes(userId))
      throw new HttpError(404, "not-found", "group not found");
  }
}

/** Workspaces (owned by a person or a group) with their datasets, and groups with their members. */
import { z } from "zod";
import { roles } from "../rights.ts";
import { datasetSummarySchema } from "./datasets.ts";
import { route } from "./route.ts";

const nameSchema = z.object({ name: z.string().trim().min(1).max(100) });
export const newWorkspaceSchema = nameSchema.extend({ groupId: z.string().min(1).max(100).optional() });
export const newGroupSchema = nameSchema;
export const groupMemberSchema = z.object({ email: z.string().trim().toLowerCase().pipe(z.email()) });

export const workspaceRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Exactly one of the two owns the workspace. */
  ownerUserId: z.string().nullable(),
  ownerGroupId: z.string().nullable(),
  createdAt: z.string(),
});
export const workspaceSchema = workspaceRecordSchema.extend({
  role: z.enum(roles).nullable(),
  datasets: z.array(datasetSummarySchema),
});
export type Workspace = z.infer<typeof workspaceSchema>;

export const groupRecordSchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });
export const groupSchema = groupRecordSchema.extend({
  members: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })),
});
export type Group = z.infer<typeof groupSchema>;

export const workspaceApi = {
  list: route({ method: "GET", path: "/api/workspaces", answer: z.object({ workspaces: z.array(workspaceSchema) }) }),
  create: route({
    method: "POST",
    path: "/api/workspaces",
    body: newWorkspaceSchema,
    answer: workspaceRecordSchema,
    status: 201,
  }),
  groups: route({ method: "GET", path: "/api/groups", answer: z.object({ groups: z.array(groupSchema) }) }),
  createGroup: route({
    method: "POST",
    path: "/api/groups",
    body: newGroupSchema,
    answer: groupRecordSchema,
    status: 201,
  }),
  /** The same answer whether or not an account uses the address. */
  addGroupMember: route({ method: "POST", path: "/api/groups/:id/members", body: groupMemberSchema, answer: null }),
  removeGroupMember: route({ method: "DELETE", path: "/api/groups/:id/members/:userId", answer: null }),
};

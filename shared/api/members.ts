/** A dataset's members (people and groups with a role) and its invitations by email (docs/API.md, "Rights"). */
import { z } from "zod";
import { roles } from "../rights.ts";
import { tokenSchema } from "./auth.ts";
import { datasetSummarySchema, invitationSchema, memberRoleSchema } from "./datasets.ts";
import { route } from "./route.ts";

export const memberSchema = z.object({
  type: z.enum(["user", "group"]),
  id: z.string(),
  role: z.enum(roles),
  name: z.string().nullable(),
  email: z.string().nullable(),
});
export type Member = z.infer<typeof memberSchema>;

export const pendingInvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(roles),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Invitation = z.infer<typeof pendingInvitationSchema>;

/** With no email server, the link for the inviter to send. */
export const invitationCreatedSchema = z.discriminatedUnion("emailSent", [
  z.object({ id: z.string(), email: z.string(), role: z.enum(roles), emailSent: z.literal(true) }),
  z.object({ id: z.string(), email: z.string(), role: z.enum(roles), emailSent: z.literal(false), link: z.string() }),
]);
export type InvitationCreated = z.infer<typeof invitationCreatedSchema>;

export const memberApi = {
  list: route({
    method: "GET",
    path: "/api/datasets/:id/members",
    answer: z.object({ members: z.array(memberSchema), invitations: z.array(pendingInvitationSchema) }),
  }),
  /** `:principalType` is `users` or `groups`. */
  setRole: route({
    method: "PUT",
    path: "/api/datasets/:id/members/:principalType/:principalId",
    body: memberRoleSchema,
    answer: z.object({ status: z.literal("granted") }),
  }),
  remove: route({ method: "DELETE", path: "/api/datasets/:id/members/:principalType/:principalId", answer: null }),
  invite: route({
    method: "POST",
    path: "/api/datasets/:id/invitations",
    body: invitationSchema,
    answer: invitationCreatedSchema,
    status: 201,
  }),
  revokeInvitation: route({ method: "DELETE", path: "/api/datasets/:id/invitations/:invitationId", answer: null }),
  /** The invitation link's token: the signed-in person gets the role (never lower than one they hold). */
  acceptInvitation: route({
    method: "POST",
    path: "/api/invitations/accept",
    body: tokenSchema,
    answer: datasetSummarySchema,
  }),
};

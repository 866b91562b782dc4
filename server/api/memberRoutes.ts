/** Members of a dataset (people and groups with a role) and invitations by email. */
import type { FastifyInstance } from "fastify";
import { type InvitationCreated, memberApi } from "../../shared/api/members.ts";
import { higherRole, type Role } from "../../shared/rights.ts";
import type { LinkBuilder } from "../auth/accounts.ts";
import { issueSecret, parseSecret, secretMatches } from "../auth/secrets.ts";
import type { CollabEvents } from "../collab/collabEvents.ts";
import type { Mailer } from "../email/mailer.ts";
import { renderMail, roleName } from "../email/templates.ts";
import { accessTo } from "../rights/access.ts";
import type { PrincipalType } from "../storage/rightsTypes.ts";
import type { Storage } from "../storage/types.ts";
import { datasetFor, datasetSummary } from "./datasetAccess.ts";
import { HttpError } from "./errors.ts";
import { serve } from "./serve.ts";
import { requireSession } from "./session.ts";

const INVITATION_LIFETIME_MS = 7 * 24 * 3_600_000;

type Options = {
  storage: Storage;
  mailer: Mailer;
  events: CollabEvents;
  link: LinkBuilder;
};

export function memberRoutes({ storage, mailer, events, link }: Options) {
  const principalTypeOf = (value: string): PrincipalType => {
    if (value === "users") return "user";
    if (value === "groups") return "group";
    throw new HttpError(404, "not-found", "no such kind of member");
  };

  return async (app: FastifyInstance) => {
    serve(app, memberApi.list, async ({ params }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "manageMembers");
      const grants = await storage.rights.grantsOn("dataset", dataset.id);
      const members = await Promise.all(
        grants.map(async (grant) => {
          const user = grant.principalType === "user" ? await storage.users.byId(grant.principalId) : null;
          return {
            type: grant.principalType,
            id: grant.principalId,
            role: grant.role,
            name: user?.name ?? null,
            email: user?.email ?? null,
          };
        }),
      );
      const invitations = (await storage.invitations.listForDataset(dataset.id)).map((i) => ({
        id: i.id,
        email: i.email,
        role: i.role as Role,
        createdAt: i.createdAt,
        expiresAt: new Date(i.expiresAt).toISOString(),
      }));
      return { members, invitations };
    });

    serve(app, memberApi.setRole, async ({ params, body: { role } }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "manageMembers");
      const principalType = principalTypeOf(params.principalType);
      const exists =
        principalType === "user"
          ? await storage.users.byId(params.principalId)
          : await storage.rights.group(params.principalId);
      if (!exists) throw new HttpError(404, "not-found", `no such ${principalType}`);
      await keepAnOwner(dataset.id, principalType, params.principalId, role);
      await storage.rights.grant({
        resourceType: "dataset",
        resourceId: dataset.id,
        principalType,
        principalId: params.principalId,
        role,
      });
      events.accessChanged(dataset);
      return { status: "granted" as const };
    });

    serve(app, memberApi.remove, async ({ params }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "manageMembers");
      const principalType = principalTypeOf(params.principalType);
      await keepAnOwner(dataset.id, principalType, params.principalId, null);
      await storage.rights.revoke("dataset", dataset.id, principalType, params.principalId);
      events.accessChanged(dataset);
    });

    serve(app, memberApi.invite, async ({ params, body: { email, role } }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "manageMembers");
      const { user } = requireSession(request);
      const { id, token, secretHash } = issueSecret();
      const now = Date.now();
      await storage.invitations.create({
        id,
        datasetId: dataset.id,
        email,
        role,
        secretHash,
        invitedBy: user.id,
        createdAt: new Date(now).toISOString(),
        expiresAt: now + INVITATION_LIFETIME_MS,
      });
      const language = (await storage.users.byEmail(email))?.language ?? user.language;
      const url = link("/invitation", token);
      await mailer.send(
        email,
        renderMail("invitation", language, {
          name: user.name,
          dataset: dataset.title,
          role: roleName(language, role),
          link: url,
        }),
      );
      // Without an SMTP server the mail only reaches the outbox: the inviter gets the link to pass on
      // (the link is worth no more than the invitation they could send anyway).
      const created: InvitationCreated = mailer.configured
        ? { id, email, role, emailSent: true }
        : { id, email, role, emailSent: false, link: url };
      return created;
    });

    serve(app, memberApi.revokeInvitation, async ({ params }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "manageMembers");
      const invitation = await storage.invitations.get(params.invitationId);
      if (!invitation || invitation.datasetId !== dataset.id)
        throw new HttpError(404, "not-found", "invitation not found");
      await storage.invitations.delete(invitation.id);
    });

    // The link is the capability: whoever holds it and is signed in gets the role, once.
    serve(app, memberApi.acceptInvitation, async ({ body }, request) => {
      const { user } = requireSession(request);
      const parts = parseSecret(body.token);
      const invitation = parts ? await storage.invitations.get(parts.id) : null;
      if (!parts || !invitation) throw invalidInvitation();
      await storage.invitations.delete(invitation.id);
      if (invitation.expiresAt < Date.now() || !secretMatches(parts.secret, invitation.secretHash))
        throw invalidInvitation();
      const dataset = await storage.datasets.get(invitation.datasetId as never);
      if (!dataset) throw invalidInvitation();
      // Accepting never lowers a role the person already holds directly.
      const direct = (await storage.rights.grantsOn("dataset", dataset.id)).find(
        (g) => g.principalType === "user" && g.principalId === user.id,
      );
      const role = higherRole(direct?.role ?? null, invitation.role as Role) ?? (invitation.role as Role);
      await storage.rights.grant({
        resourceType: "dataset",
        resourceId: dataset.id,
        principalType: "user",
        principalId: user.id,
        role,
      });
      events.accessChanged(dataset);
      return datasetSummary(dataset, await accessTo(storage, request.principal, dataset));
    });
  };

  /** Refuses a change that would leave the dataset without any direct owner. */
  async function keepAnOwner(
    datasetId: string,
    principalType: PrincipalType,
    principalId: string,
    newRole: string | null,
  ) {
    if (newRole === "owner") return;
    const owners = (await storage.rights.grantsOn("dataset", datasetId)).filter((g) => g.role === "owner");
    const remaining = owners.filter((g) => !(g.principalType === principalType && g.principalId === principalId));
    if (owners.length > 0 && remaining.length === 0) {
      throw new HttpError(409, "last-owner", "A dataset keeps at least one owner: make someone else owner first.");
    }
  }
}

const invalidInvitation = () =>
  new HttpError(400, "invalid-or-expired-link", "This invitation is invalid, was already used or has expired.");

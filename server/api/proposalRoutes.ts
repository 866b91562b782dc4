/**
 * Proposals, the contributor's side (docs/API.md, "Proposals"; rules in docs/PROPOSALS.md): create
 * one (with or without an account), or send a whole JSON change set; follow it by its private link;
 * change the nickname or remove the email; submit; withdraw.
 */
import type { Hocuspocus } from "@hocuspocus/server";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { proposalApi } from "../../shared/api/proposals.ts";
import { hashAddress } from "../privacy/addressHash.ts";
import { proposalRateLimit } from "../proposals/abuse.ts";
import { createProposal, fileChangeSet } from "../proposals/create.ts";
import { closeProposalConnections } from "../proposals/documents.ts";
import { proposalError } from "../proposals/errors.ts";
import type { ProposalMails } from "../proposals/mails.ts";
import { proposalWithReview } from "../proposals/reviewOf.ts";
import { proposalView } from "../proposals/views.ts";
import { ANONYMOUS } from "../rights/access.ts";
import { PENDING_STATUSES, type ProposalRecord } from "../storage/proposalTypes.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";
import { datasetFor } from "./datasetAccess.ts";
import { HttpError } from "./errors.ts";
import { contributorTokenOf, proposalFor } from "./proposalAccess.ts";
import { serve } from "./serve.ts";

export function proposalRoutes(
  storage: Storage,
  hocuspocus: Hocuspocus,
  options: { anonymousPerHour?: number; allowAnonymous?: (address: string) => boolean; mails?: ProposalMails } = {},
) {
  // Shared with /api/v1's row writes (app.ts): one budget per address, whichever way it proposes.
  const allow = options.allowAnonymous ?? proposalRateLimit(options.anonymousPerHour);

  const withReview = (dataset: DatasetRecord, proposal: ProposalRecord, withEmail: boolean) =>
    proposalWithReview(storage, hocuspocus, dataset, proposal, withEmail);

  const pendingOnly = (proposal: ProposalRecord, action: string) => {
    if (!PENDING_STATUSES.includes(proposal.status))
      throw proposalError(409, "proposal-closed", `A ${proposal.status} proposal cannot be ${action}.`);
  };

  return async (app: FastifyInstance) => {
    serve(app, proposalApi.create, async ({ params, body }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "propose");
      const created = await createProposal(storage, {
        dataset,
        principal: request.principal,
        contributorToken: contributorTokenOf(request),
        ...body,
        addressHash: hashAddress(request.ip),
        allowAnonymous: () => allow(request.ip),
      });
      return {
        proposal: proposalView(created.proposal, dataset, true),
        token: created.token,
        contributorToken: created.contributorToken,
      };
    });

    // For third-party sites and scripts: no cookie is read, so no cross-site check is needed (see csrf.ts).
    // Browsers on other sites may call it too: CORS without credentials (no cookie is ever read).
    const openToAnySite = async (_request: FastifyRequest, reply: FastifyReply) => {
      reply.headers({
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "POST",
        "access-control-allow-headers": "content-type, authorization, contributor-token",
        "access-control-max-age": "86400",
      });
    };
    app.options("/api/datasets/:id/change-sets", { onRequest: openToAnySite }, async (_request, reply) =>
      reply.status(204).send(),
    );
    serve(
      app,
      proposalApi.sendChangeSet,
      async ({ params, body }, request) => {
        if (request.headers.authorization === undefined) request.principal = ANONYMOUS;
        const { dataset } = await datasetFor(storage, request, params.id, "propose");
        const created = await fileChangeSet(storage, hocuspocus, {
          dataset,
          principal: request.principal,
          contributorToken: contributorTokenOf(request),
          set: body,
          addressHash: hashAddress(request.ip),
          allowAnonymous: () => allow(request.ip),
          mails: options.mails,
        });
        const proposal = created.proposal;
        return {
          ...(await withReview(dataset, proposal, true)),
          token: created.token,
          contributorToken: created.contributorToken,
        };
      },
      { config: { crossSite: true }, onRequest: openToAnySite },
    );

    serve(app, proposalApi.follow, async ({ params }, request) => {
      const { proposal, dataset } = await proposalFor(storage, request, params.proposalId);
      return withReview(dataset, proposal, true);
    });

    serve(app, proposalApi.setContact, async ({ params, body: { nickname, email } }, request) => {
      const { proposal, dataset, isContributor } = await proposalFor(storage, request, params.proposalId);
      if (!isContributor) throw new HttpError(403, "forbidden", "Only the proposal's contributor changes these.");
      await storage.proposals.update(proposal.id, {
        ...(nickname !== undefined ? { nickname: nickname || null } : {}),
        ...(email !== undefined ? { email } : {}),
        updatedAt: new Date().toISOString(),
      });
      return { proposal: proposalView((await storage.proposals.get(proposal.id)) as ProposalRecord, dataset, true) };
    });

    serve(app, proposalApi.submit, async ({ params, body: { message } }, request) => {
      const { proposal, dataset, isContributor } = await proposalFor(storage, request, params.proposalId);
      if (!isContributor) throw new HttpError(403, "forbidden", "Only the proposal's contributor submits it.");
      if (proposal.status !== "draft")
        throw proposalError(409, "proposal-closed", `This proposal is already ${proposal.status}.`);
      const now = new Date().toISOString();
      await storage.proposals.update(proposal.id, { status: "open", message, submittedAt: now, updatedAt: now });
      const submitted = (await storage.proposals.get(proposal.id)) as ProposalRecord;
      await options.mails?.submitted(submitted, dataset);
      return withReview(dataset, submitted, true);
    });

    serve(app, proposalApi.withdraw, async ({ params }, request) => {
      const { proposal, dataset, isContributor } = await proposalFor(storage, request, params.proposalId);
      if (!isContributor) throw new HttpError(403, "forbidden", "Only the proposal's contributor withdraws it.");
      pendingOnly(proposal, "withdrawn");
      await storage.proposals.update(proposal.id, { status: "withdrawn", updatedAt: new Date().toISOString() });
      closeProposalConnections(hocuspocus, proposal); // they reconnect read-only (P18)
      return { proposal: proposalView((await storage.proposals.get(proposal.id)) as ProposalRecord, dataset, true) };
    });
  };
}

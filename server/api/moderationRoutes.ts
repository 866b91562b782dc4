/**
 * Proposals, the moderators' side (docs/API.md, "Proposals"; rules in docs/PROPOSALS.md): the queue
 * of a dataset, one proposal's review (base / proposed / live now, conflicts), and decisions.
 */
import type { Hocuspocus } from "@hocuspocus/server";
import type { FastifyInstance } from "fastify";
import { moderationApi, proposalNumberSchema, type QueueEntry } from "../../shared/api/proposals.ts";
import { blockContributor, blockedContributors, isContributorBlocked, unblockContributor } from "../proposals/block.ts";
import { pendingContents } from "../proposals/contents.ts";
import { decide } from "../proposals/decide.ts";
import { closeProposalConnections, withLiveView } from "../proposals/documents.ts";
import type { ProposalMails } from "../proposals/mails.ts";
import { reviewChanges } from "../proposals/review.ts";
import { proposalWithReview } from "../proposals/reviewOf.ts";
import { proposalView } from "../proposals/views.ts";
import {
  PENDING_STATUSES,
  type ProposalRecord,
  type ProposalStatus,
  proposalStatuses,
} from "../storage/proposalTypes.ts";
import type { Storage } from "../storage/types.ts";
import type { Webhooks } from "../webhooks/webhooks.ts";
import { datasetFor } from "./datasetAccess.ts";
import { HttpError, notFound } from "./errors.ts";
import { serve } from "./serve.ts";

export function moderationRoutes(
  storage: Storage,
  hocuspocus: Hocuspocus,
  mails?: ProposalMails,
  webhooks?: Pick<Webhooks, "proposalDecided">,
) {
  const moderatorId = (principal: { kind: string; userId?: string }) => {
    if (principal.kind === "anonymous" || !principal.userId)
      throw new HttpError(401, "sign-in-required", "Sign in to moderate.");
    return principal.userId;
  };

  return async (app: FastifyInstance) => {
    serve(app, moderationApi.queue, async ({ params, query: { status } }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "moderate");
      const all = await storage.proposals.list(dataset.id);
      const counts = Object.fromEntries(
        proposalStatuses.map((s) => [s, all.filter((p) => p.status === s).length]),
      ) as Record<ProposalStatus, number>;
      const records = all.filter((p) => !status || p.status === status);
      const now = Date.now();
      // The live document is loaded once for the whole queue; proposals are read from what storage
      // remembers of them, not from their documents (server/proposals/contents.ts).
      const contents = await pendingContents(storage.proposals, hocuspocus, dataset.id, records);
      const proposals = await withLiveView(hocuspocus, dataset, async (live) => {
        const entries: QueueEntry[] = [];
        for (const record of records) {
          const content = PENDING_STATUSES.includes(record.status) ? contents.get(record.id) : undefined;
          const changes = content ? reviewChanges(content, live) : [];
          entries.push({
            ...proposalView(record, dataset, true),
            ageSeconds: Math.round((now - Date.parse(record.submittedAt ?? record.createdAt)) / 1000),
            changes: changes.length,
            conflicts: changes.filter((c) => c.conflict).length,
          });
        }
        return entries;
      });
      return { proposals, counts };
    });

    const proposalOf = async (datasetId: string, number: string): Promise<ProposalRecord> => {
      const proposal = await storage.proposals.byNumber(datasetId, proposalNumberSchema.parse(number));
      if (!proposal) throw notFound("proposal");
      return proposal;
    };

    serve(app, moderationApi.review, async ({ params }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "moderate");
      const proposal = await proposalOf(dataset.id, params.number);
      return {
        ...(await proposalWithReview(storage, hocuspocus, dataset, proposal, true)),
        contributorBlocked: await isContributorBlocked(storage, proposal),
      };
    });

    serve(app, moderationApi.blocked, async ({ params }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "moderate");
      return { blocked: await blockedContributors(storage, dataset) };
    });

    serve(app, moderationApi.block, async ({ params }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "moderate");
      const moderator = moderatorId(request.principal);
      const proposal = await proposalOf(dataset.id, params.number);
      const rejected = await blockContributor(storage, hocuspocus, dataset, proposal, moderator);
      for (const record of rejected) await webhooks?.proposalDecided(record, { accepted: [], rejected: [] });
      return { rejected: rejected.length };
    });

    // Lifts the block on this proposal's contributor (their capability or account, and their addresses).
    serve(app, moderationApi.unblock, async ({ params }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "moderate");
      const proposal = await proposalOf(dataset.id, params.number);
      await unblockContributor(storage, dataset, proposal);
      return { unblocked: true as const };
    });

    serve(app, moderationApi.decide, async ({ params, body }, request) => {
      const { dataset } = await datasetFor(storage, request, params.id, "moderate");
      const moderator = moderatorId(request.principal);
      const proposal = await proposalOf(dataset.id, params.number);
      const outcome = await decide(storage, hocuspocus, dataset, proposal, moderator, body);
      const after = (await storage.proposals.get(proposal.id)) as ProposalRecord;
      // Decided: contributors' connections reopen read-only (P11).
      if (!PENDING_STATUSES.includes(after.status)) closeProposalConnections(hocuspocus, after);
      await mails?.decided(proposal, after, dataset);
      await webhooks?.proposalDecided(after, outcome);
      return { ...(await proposalWithReview(storage, hocuspocus, dataset, after, true)), outcome };
    });
  };
}

/**
 * The conversation on a proposal (docs/PROPOSALS.md P24): its contributor (by the private link, the
 * contributor capability or as its author) and the dataset's moderators read it and write to it.
 */
import type { FastifyInstance } from "fastify";
import { type ProposalComment, proposalApi } from "../../shared/api/proposals.ts";
import type { CommentRecord } from "../storage/proposalTypes.ts";
import type { Storage } from "../storage/types.ts";
import { HttpError } from "./errors.ts";
import { proposalFor } from "./proposalAccess.ts";
import { serve } from "./serve.ts";

const view = (c: CommentRecord): ProposalComment => ({
  id: c.id,
  authorRole: c.authorRole,
  authorName: c.authorName,
  text: c.text,
  createdAt: c.createdAt,
});

/** A thread stays readable: at most this many messages per proposal. */
const MAX_COMMENTS = 200;

export function commentRoutes(storage: Storage) {
  return async (app: FastifyInstance) => {
    serve(app, proposalApi.comments, async ({ params }, request) => {
      const { proposal } = await proposalFor(storage, request, params.proposalId);
      return { comments: (await storage.proposals.comments(proposal.id)).map(view) };
    });

    serve(app, proposalApi.comment, async ({ params, body: { text } }, request) => {
      const { proposal, isContributor, isModerator } = await proposalFor(storage, request, params.proposalId);
      const existing = await storage.proposals.comments(proposal.id);
      if (existing.length >= MAX_COMMENTS) throw new HttpError(429, "too-many-requests", "This conversation is full.");
      // Someone who is both (a moderator who proposed) speaks as the contributor of their own proposal.
      const asModerator = isModerator && !isContributor;
      const user = request.session?.user ?? null;
      const comment = await storage.proposals.addComment({
        proposalId: proposal.id,
        authorRole: asModerator ? "moderator" : "contributor",
        authorUserId: user?.id ?? null,
        authorName: asModerator ? (user?.name ?? null) : proposal.nickname,
        text,
        createdAt: new Date().toISOString(),
      });
      return { comment: view(comment) };
    });
  };
}

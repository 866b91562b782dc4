/**
 * Who may see or act on one proposal over HTTP: the holder of its private link (header
 * `Proposal-Token: dpp_…`), its anonymous contributor (`Contributor-Token: dpc_…`), its signed-in
 * author, or the dataset's moderators. Anyone else gets 404, as for a proposal that does not exist.
 */
import type { FastifyRequest } from "fastify";
import { isProposalId } from "../../shared/ids.ts";
import { can } from "../../shared/rights.ts";
import { contributorOfToken, proposalOfToken } from "../proposals/capabilities.ts";
import { accessTo } from "../rights/access.ts";
import type { Storage } from "../storage/types.ts";
import { notFound } from "./errors.ts";

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return typeof value === "string" ? value.trim() : null;
};

/** An anonymous contributor's token from their browser (header `Contributor-Token`), if given. */
export const contributorTokenOf = (request: FastifyRequest) => header(request, "contributor-token") || null;

export async function proposalFor(storage: Storage, request: FastifyRequest, id: string) {
  const proposal = isProposalId(id) ? await storage.proposals.get(id) : null;
  const dataset = proposal ? await storage.datasets.get(proposal.datasetId as never) : null;
  if (!proposal || !dataset) throw notFound("proposal");
  const link = header(request, "proposal-token");
  const contributor = header(request, "contributor-token");
  const principal = request.principal;
  const isContributor =
    (link !== null && (await proposalOfToken(storage, link))?.id === proposal.id) ||
    (contributor !== null &&
      proposal.contributorId !== null &&
      (await contributorOfToken(storage, contributor)) === proposal.contributorId) ||
    (principal.kind === "user" && principal.userId === proposal.authorUserId);
  const isModerator = can(await accessTo(storage, principal, dataset), "moderate");
  if (!isContributor && !isModerator) throw notFound("proposal");
  return { proposal, dataset, isContributor, isModerator };
}

/**
 * /api/v1 row writes by callers who may only propose (docs/PROPOSALS.md P27): the change is filed
 * as an open proposal, through the change-set endpoint's code and within its limits, and the
 * answer (202) says where to follow it. The live data is unchanged until a moderator accepts it.
 */
import type { FastifyRequest } from "fastify";
import { changeSetSchema } from "../../../shared/api/proposals.ts";
import type { ProposalFiled } from "../../../shared/api/v1.ts";
import { hashAddress } from "../../privacy/addressHash.ts";
import { fileChangeSet } from "../../proposals/create.ts";
import type { DatasetRecord } from "../../storage/types.ts";
import { contributorTokenOf } from "../proposalAccess.ts";
import type { V1Context } from "./context.ts";

/** The changes, as the change-set endpoint takes them (its schema checks the limits). */
export type ProposedChanges = {
  cells?: { rowId: string; columnId: string; base: unknown; value: unknown }[];
  newRows?: { cells: Record<string, unknown> }[];
  deletions?: { rowId: string; base: Record<string, unknown> }[];
};

export async function proposeWrite(
  context: V1Context,
  request: FastifyRequest,
  dataset: DatasetRecord,
  changes: ProposedChanges,
): Promise<ProposalFiled> {
  const created = await fileChangeSet(context.storage, context.hocuspocus, {
    dataset,
    principal: request.principal,
    contributorToken: contributorTokenOf(request),
    set: changeSetSchema.parse(changes),
    addressHash: hashAddress(request.ip), // a blocked anonymous contributor's address stays blocked (P23)
    allowAnonymous: () => context.proposals.allowAnonymous(request.ip),
    mails: context.proposals.mails,
  });
  const { id, number } = created.proposal;
  return {
    proposal: { id, number, status: "open" },
    followUrl: `${context.baseUrl()}/proposals/${id}#${created.token}`,
    statusUrl: `${context.baseUrl()}/api/proposals/${id}`,
    token: created.token,
    contributorToken: created.contributorToken,
  };
}

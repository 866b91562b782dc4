/**
 * Who may open a proposal's document (`proposal.<datasetId>.<proposalId>`), and whether they may
 * write to it (docs/PROPOSALS.md, P16–P18): the holder of its private link (provider token
 * `dpp_…`), its anonymous contributor (`dpc_…`), or its signed-in author may work on it while it
 * is pending and on the dataset's current epoch; the dataset's moderators may read it. Everyone
 * else is refused as if it did not exist. None of these capabilities opens any dataset document.
 */
import { closeEvents } from "../../shared/closeEvents.ts";
import type { ProposalDocumentName } from "../../shared/documentNames.ts";
import { can } from "../../shared/rights.ts";
import {
  CONTRIBUTOR_TOKEN_PREFIX,
  contributorOfToken,
  PROPOSAL_TOKEN_PREFIX,
  proposalOfToken,
} from "../proposals/capabilities.ts";
import { ANONYMOUS, accessTo } from "../rights/access.ts";
import { PENDING_STATUSES } from "../storage/proposalTypes.ts";
import type { Storage } from "../storage/types.ts";
import type { CollabContext } from "./context.ts";
import type { PrincipalResolver } from "./documentAccessExtension.ts";

export async function proposalAccess(
  storage: Storage,
  principalOf: PrincipalResolver,
  name: ProposalDocumentName,
  headers: Headers,
  token: string,
): Promise<{ context: CollabContext; readOnly: boolean }> {
  const proposal = await storage.proposals.get(name.proposalId);
  const dataset = await storage.datasets.get(name.datasetId);
  if (!proposal || !dataset || proposal.datasetId !== dataset.id) throw closeEvents.notFound;
  const pendingHere = PENDING_STATUSES.includes(proposal.status) && proposal.epoch === dataset.epoch;

  let worker = false;
  let identity: Awaited<ReturnType<PrincipalResolver>> = { principal: ANONYMOUS, credential: null };
  if (token.startsWith(PROPOSAL_TOKEN_PREFIX)) {
    worker = (await proposalOfToken(storage, token))?.id === proposal.id;
    if (!worker) throw closeEvents.notFound;
  } else if (token.startsWith(CONTRIBUTOR_TOKEN_PREFIX)) {
    const contributorId = await contributorOfToken(storage, token);
    worker = contributorId !== null && contributorId === proposal.contributorId;
    if (!worker) throw closeEvents.notFound;
  } else {
    identity = await principalOf(headers, token);
    if (!identity) throw closeEvents.forbidden;
  }
  const { principal, credential } = identity;
  const access = await accessTo(storage, principal, dataset);
  if (principal.kind === "user" && principal.userId === proposal.authorUserId) worker = true;
  if (!worker && !can(access, "moderate")) throw closeEvents.notFound;
  const account = principal.kind === "anonymous" ? null : await storage.users.byId(principal.userId);
  return {
    context: { dataset, access, principal, credential, displayName: account?.name ?? null, proposal },
    readOnly: !(worker && pendingHere),
  };
}

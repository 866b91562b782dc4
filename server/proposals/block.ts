/**
 * Blocking a contributor (docs/PROPOSALS.md P23): a moderator, from one of their proposals, stops
 * them proposing on the dataset and rejects everything they still have pending there, in one action.
 */
import type { Hocuspocus } from "@hocuspocus/server";
import { HttpError } from "../api/errors.ts";
import { PENDING_STATUSES, type ProposalRecord } from "../storage/proposalTypes.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";
import { closeProposalConnections } from "./documents.ts";

/** Who made a proposal, as blocking knows them: the anonymous contributor or the account. */
export const contributorKey = (p: Pick<ProposalRecord, "contributorId" | "authorUserId">): string | null =>
  p.contributorId ? `c:${p.contributorId}` : p.authorUserId ? `u:${p.authorUserId}` : null;

export async function refuseIfBlocked(storage: Storage, datasetId: string, key: string | null): Promise<void> {
  if (key && (await storage.proposals.isBlocked(datasetId, key)))
    throw new HttpError(403, "forbidden", "The moderators of this dataset no longer take your proposals.");
}

/** Blocks the proposal's contributor on its dataset and rejects their pending proposals there; returns them, rejected. */
export async function blockContributor(
  storage: Storage,
  hocuspocus: Hocuspocus,
  dataset: DatasetRecord,
  proposal: ProposalRecord,
  moderatorId: string,
): Promise<ProposalRecord[]> {
  // An author whose account was deleted has nothing left to block: only this proposal is rejected.
  const key = contributorKey(proposal);
  const now = new Date().toISOString();
  if (key) await storage.proposals.block(dataset.id, key, moderatorId, now);
  const rejected: ProposalRecord[] = [];
  for (const other of await storage.proposals.list(dataset.id)) {
    const theirs = key ? contributorKey(other) === key : other.id === proposal.id;
    if (!theirs || !PENDING_STATUSES.includes(other.status)) continue;
    await storage.proposals.update(other.id, { status: "rejected", updatedAt: now });
    closeProposalConnections(hocuspocus, other);
    rejected.push({ ...other, status: "rejected", updatedAt: now });
  }
  return rejected;
}

/**
 * Blocking a contributor (docs/PROPOSALS.md P23): a moderator, from one of their proposals, stops
 * them proposing on the dataset and rejects everything they still have pending there, in one action.
 * An anonymous contributor is blocked by their capability and by the salted hashes of the addresses
 * their proposals came from, so that dropping the capability is not enough to come back (while the
 * hash lasts: server/privacy/addressHash.ts rotates its salt).
 */
import type { Hocuspocus } from "@hocuspocus/server";
import { HttpError } from "../api/errors.ts";
import { PENDING_STATUSES, type ProposalRecord } from "../storage/proposalTypes.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";
import { closeProposalConnections } from "./documents.ts";

/** Who made a proposal, as blocking knows them: the anonymous contributor or the account. */
export const contributorKey = (p: Pick<ProposalRecord, "contributorId" | "authorUserId">): string | null =>
  p.contributorId ? `c:${p.contributorId}` : p.authorUserId ? `u:${p.authorUserId}` : null;

const addressKey = (addressHash: string) => `a:${addressHash}`;

/** Refuses a blocked contributor; an anonymous one also when their address (hashed) was blocked. */
export async function refuseIfBlocked(
  storage: Storage,
  datasetId: string,
  key: string | null,
  addressHash: string | null = null,
): Promise<void> {
  const anonymous = key?.startsWith("c:") ?? false;
  const blocked =
    (key !== null && (await storage.proposals.isBlocked(datasetId, key))) ||
    (anonymous && addressHash !== null && (await storage.proposals.isBlocked(datasetId, addressKey(addressHash))));
  if (blocked) throw new HttpError(403, "forbidden", "The moderators of this dataset no longer take your proposals.");
}

/** The contributor's proposals on the dataset and the keys that block them (none for a deleted account). */
async function blockingKeys(storage: Storage, dataset: DatasetRecord, proposal: ProposalRecord) {
  const key = contributorKey(proposal);
  const all = await storage.proposals.list(dataset.id);
  const theirs = all.filter((other) => (key ? contributorKey(other) === key : other.id === proposal.id));
  const keys = new Set<string>(key ? [key] : []);
  if (proposal.contributorId)
    for (const other of theirs) {
      const hash = await storage.proposals.addressOf(other.id);
      if (hash) keys.add(addressKey(hash));
    }
  return { theirs, keys: [...keys] };
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
  const { theirs, keys } = await blockingKeys(storage, dataset, proposal);
  const now = new Date().toISOString();
  for (const key of keys) await storage.proposals.block(dataset.id, key, moderatorId, now);
  const rejected: ProposalRecord[] = [];
  for (const other of theirs) {
    if (!PENDING_STATUSES.includes(other.status)) continue;
    await storage.proposals.update(other.id, { status: "rejected", updatedAt: now });
    closeProposalConnections(hocuspocus, other);
    rejected.push({ ...other, status: "rejected", updatedAt: now });
  }
  return rejected;
}

/** Lifts a block made from one of the contributor's proposals: their capability or account, and their addresses. */
export async function unblockContributor(
  storage: Storage,
  dataset: DatasetRecord,
  proposal: ProposalRecord,
): Promise<void> {
  const { keys } = await blockingKeys(storage, dataset, proposal);
  await storage.proposals.unblock(dataset.id, keys);
}

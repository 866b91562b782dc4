/**
 * Blocking a contributor (docs/PROPOSALS.md P23): a moderator, from one of their proposals, stops
 * them proposing on the dataset and rejects everything they still have pending there, in one action.
 * An anonymous contributor is blocked by their capability and by the salted hashes of the addresses
 * their proposals came from, so that dropping the capability is not enough to come back (while the
 * hash lasts: server/privacy/addressHash.ts rotates its salt).
 */
import type { Hocuspocus } from "@hocuspocus/server";
import type { BlockedContributor } from "../../shared/api/proposals.ts";
import { HttpError } from "../api/errors.ts";
import { type AddressHasher, hashAddress } from "../privacy/addressHash.ts";
import { type BlockRecord, PENDING_STATUSES, type ProposalRecord } from "../storage/proposalTypes.ts";
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
  for (const key of keys)
    await storage.proposals.block({
      datasetId: dataset.id,
      contributorKey: key,
      proposalId: proposal.id,
      blockedBy: moderatorId,
      blockedAt: now,
    });
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

/** Whether the proposal's contributor (their capability or account) is blocked on its dataset. */
export async function isContributorBlocked(storage: Storage, proposal: ProposalRecord): Promise<boolean> {
  const key = contributorKey(proposal);
  return key !== null && (await storage.proposals.isBlocked(proposal.datasetId, key));
}

/**
 * The moderators' list of who is blocked on a dataset, newest first: one entry per blocked
 * contributor or account, named by the proposal it was blocked from, and one per blocked address
 * whose contributor is no longer blocked. An address hash blocks only while the salt that made it
 * lasts (`salt`: the current one's span), and each was made when its proposal was created.
 */
export async function blockedContributors(
  storage: Storage,
  dataset: DatasetRecord,
  salt: ReturnType<AddressHasher["currentSalt"]> = hashAddress.currentSalt(),
): Promise<BlockedContributor[]> {
  const blocks = await storage.proposals.blocks(dataset.id);
  if (blocks.length === 0) return [];
  const proposals = await storage.proposals.list(dataset.id);
  const byId = new Map(proposals.map((p) => [p.id, p]));
  const blockedAddresses = new Map(
    blocks.filter((b) => b.contributorKey.startsWith("a:")).map((b) => [b.contributorKey.slice(2), b]),
  );
  const listedAddresses = new Set<string>();
  const names = new Map<string, string | null>();
  const moderatorName = async (userId: string) => {
    if (!names.has(userId)) names.set(userId, (await storage.users.byId(userId))?.name ?? null);
    return names.get(userId) ?? null;
  };
  const addressState = (hashedAt: string[]): BlockedContributor["address"] => {
    if (hashedAt.length === 0) return null;
    return hashedAt.some((at) => Date.parse(at) >= salt.since)
      ? { state: "blocked", until: new Date(salt.until).toISOString() }
      : { state: "lapsed" };
  };
  const entry = async (
    block: BlockRecord,
    source: ProposalRecord,
    kind: BlockedContributor["kind"],
    theirs: ProposalRecord[],
    address: BlockedContributor["address"],
  ): Promise<BlockedContributor> => ({
    proposalNumber: source.number,
    kind,
    nickname: source.nickname ?? theirs.find((p) => p.nickname)?.nickname ?? null,
    blockedAt: block.blockedAt,
    blockedBy: await moderatorName(block.blockedBy),
    address,
  });

  const entries: BlockedContributor[] = [];
  for (const block of blocks) {
    if (block.contributorKey.startsWith("a:")) continue;
    const theirs = proposals.filter((p) => contributorKey(p) === block.contributorKey);
    const source = (block.proposalId ? byId.get(block.proposalId) : undefined) ?? theirs[0];
    if (!source || contributorKey(source) !== block.contributorKey) continue;
    const anonymous = block.contributorKey.startsWith("c:");
    const hashedAt: string[] = [];
    if (anonymous)
      for (const proposal of theirs) {
        const hash = await storage.proposals.addressOf(proposal.id);
        if (!hash || !blockedAddresses.has(hash)) continue;
        listedAddresses.add(hash);
        hashedAt.push(proposal.createdAt);
      }
    entries.push(await entry(block, source, anonymous ? "contributor" : "account", theirs, addressState(hashedAt)));
  }
  for (const [hash, block] of blockedAddresses) {
    const source = block.proposalId ? byId.get(block.proposalId) : undefined;
    if (listedAddresses.has(hash) || !source) continue;
    const key = contributorKey(source);
    const theirs = proposals.filter((p) => (key ? contributorKey(p) === key : p.id === source.id));
    const hashedAt: string[] = [];
    for (const proposal of theirs)
      if ((await storage.proposals.addressOf(proposal.id)) === hash) hashedAt.push(proposal.createdAt);
    entries.push(await entry(block, source, "address", theirs, addressState(hashedAt) ?? { state: "lapsed" }));
  }
  return entries.sort((a, b) => b.blockedAt.localeCompare(a.blockedAt) || b.proposalNumber - a.proposalNumber);
}

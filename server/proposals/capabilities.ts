/**
 * The capabilities of proposals, bearer secrets shown once and stored hashed (server/auth/secrets.ts):
 * a proposal's private link (`dpp_<proposalId>.<secret>`: whoever holds it may work on that
 * proposal and follow it) and an anonymous contributor's own (`dpc_<contributorId>.<secret>`, kept
 * in their browser, so their proposals are theirs without an account).
 */
import { createHash, randomBytes } from "node:crypto";
import { parseSecret, secretMatches } from "../auth/secrets.ts";
import type { ProposalRecord } from "../storage/proposalTypes.ts";
import type { Storage } from "../storage/types.ts";

export const PROPOSAL_TOKEN_PREFIX = "dpp_";
export const CONTRIBUTOR_TOKEN_PREFIX = "dpc_";

/** A secret for a record whose id is already chosen. */
export function issueSecretFor(prefix: string, id: string): { token: string; secretHash: Uint8Array } {
  const secret = randomBytes(32).toString("base64url");
  return {
    token: `${prefix}${id}.${secret}`,
    secretHash: new Uint8Array(createHash("sha256").update(secret).digest()),
  };
}

export async function proposalOfToken(storage: Storage, token: string): Promise<ProposalRecord | null> {
  const parts = parseSecret(token, PROPOSAL_TOKEN_PREFIX);
  const proposal = parts ? await storage.proposals.get(parts.id) : null;
  return parts && proposal && secretMatches(parts.secret, proposal.secretHash) ? proposal : null;
}

/** The contributor id a contributor token proves, or null. */
export async function contributorOfToken(storage: Storage, token: string): Promise<string | null> {
  const parts = parseSecret(token, CONTRIBUTOR_TOKEN_PREFIX);
  const contributor = parts ? await storage.proposals.contributor(parts.id) : null;
  return parts && contributor && secretMatches(parts.secret, contributor.secretHash) ? contributor.id : null;
}

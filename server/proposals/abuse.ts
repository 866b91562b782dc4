/**
 * Limits on anonymous proposals (docs/PROPOSALS.md P20): per client address, keyed by its salted
 * hash with a salt that rotates (server/privacy/addressHash.ts; no address is stored), and on
 * pending proposals per contributor.
 */
import { TokenBucket } from "../collab/tokenBucket.ts";
import { hashAddress } from "../privacy/addressHash.ts";

export const PROPOSAL_LIMITS = {
  /** New anonymous proposals (and change sets) per client address per hour, in bursts of as many. */
  anonymousPerHour: 10,
  /** Pending (draft, open, partly accepted) proposals one contributor or account may have. */
  pendingPerContributor: 20,
};

export function proposalRateLimit(perHour = PROPOSAL_LIMITS.anonymousPerHour) {
  const buckets = new Map<string, TokenBucket>();
  return (address: string): boolean => {
    const key = hashAddress(address);
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size > 10_000) buckets.clear(); // a bound on memory; forgetting only refills budgets
      bucket = new TokenBucket(perHour, perHour / 3600);
      buckets.set(key, bucket);
    }
    return bucket.take();
  };
}

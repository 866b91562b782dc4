/**
 * Storage contract for moderators' email about new proposals (docs/PROPOSALS.md P26): each person's
 * choice (a default, and per dataset), and the proposals waiting for their next daily digest.
 */
import type { ProposalMailChoice } from "../../shared/api/notifications.ts";
import type { OutgoingMail } from "./mailQueueTypes.ts";
import type { MaybePromise } from "./types.ts";

export type ProposalMailChoices = {
  /** What applies where the person chose nothing for a dataset ("immediate" until they choose). */
  default: ProposalMailChoice;
  /** Their choices for particular datasets, by dataset id. */
  datasets: Map<string, ProposalMailChoice>;
};

/** A proposal waiting for a moderator's digest, since `addedAt` (milliseconds). */
export type DigestItem = { proposalId: string; addedAt: number };

export interface ProposalMailStore {
  choices(userId: string): MaybePromise<ProposalMailChoices>;
  setDefault(userId: string, choice: ProposalMailChoice): MaybePromise<void>;
  /** `null`: the dataset follows the person's default again. */
  setForDataset(userId: string, datasetId: string, choice: ProposalMailChoice | null): MaybePromise<void>;
  /** The proposal goes into the person's next digest (once, however often it is added). */
  addToDigest(userId: string, proposalId: string, at: number): MaybePromise<void>;
  /** People with proposals added at or before `upTo`, waiting for a digest. */
  digestRecipients(upTo: number): MaybePromise<string[]>;
  /** Their proposals added at or before `upTo`, oldest first. */
  digestItems(userId: string, upTo: number): MaybePromise<DigestItem[]>;
  /**
   * The digest is done, in one transaction: `mail` (null when there is nothing left to tell) joins
   * the mail queue, due at `at`, and the proposals it covered leave the person's digest. So a
   * digest is never queued twice and never lost.
   */
  completeDigest(userId: string, proposalIds: string[], mail: OutgoingMail | null, at: number): MaybePromise<void>;
}

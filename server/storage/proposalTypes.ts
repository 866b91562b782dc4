/** Storage contract for proposals (docs/PROPOSALS.md): their records, anonymous contributors, and decisions. */
import type { CellValue } from "../../shared/dataset/schema.ts";
import type { ProposalContent } from "../../shared/proposal/schema.ts";
import type { MaybePromise } from "./types.ts";

export const proposalStatuses = ["draft", "open", "partly-accepted", "accepted", "rejected", "withdrawn"] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];
/** Statuses in which changes are still pending: the proposal's document may still be edited. */
export const PENDING_STATUSES: readonly ProposalStatus[] = ["draft", "open", "partly-accepted"];

export interface ProposalRecord {
  id: string;
  datasetId: string;
  /** #1, #2… per dataset, in order of creation. */
  number: number;
  /** The dataset's epoch when the proposal was made. */
  epoch: number;
  status: ProposalStatus;
  /** The signed-in author, or null. */
  authorUserId: string | null;
  /** The anonymous contributor (a capability kept in their browser), or null. */
  contributorId: string | null;
  nickname: string | null;
  /** The contributor's language, for their emails. */
  language: string;
  /** Opt-in, for the decision only; shown to the dataset's moderators alone, removable. */
  email: string | null;
  message: string;
  /** SHA-256 of the private link's secret. */
  secretHash: Uint8Array;
  /** The moderators' last message to the contributor. */
  decisionMessage: string;
  createdAt: string;
  submittedAt: string | null;
  updatedAt: string;
}

export type NewProposal = Omit<ProposalRecord, "number">;
export type ProposalPatch = Partial<
  Pick<ProposalRecord, "status" | "nickname" | "email" | "message" | "submittedAt" | "updatedAt" | "decisionMessage">
>;

export interface ContributorRecord {
  id: string;
  secretHash: Uint8Array;
  createdAt: string;
}

export type Decision = "accepted" | "rejected";

/** One decided change: what was proposed, what was written (a correction, or the proposed value), by whom. */
export interface DecisionRecord {
  proposalId: string;
  changeId: string;
  decision: Decision;
  /** The change as proposed (JSON of the change). */
  proposed: unknown;
  /** What was written to the live data (accepted), or null. */
  applied: CellValue | Record<string, CellValue> | boolean | null;
  moderatorId: string;
  at: string;
}

/** One message on a proposal, from a moderator or its contributor. */
export interface CommentRecord {
  id: number;
  proposalId: string;
  authorRole: "moderator" | "contributor";
  authorUserId: string | null;
  /** The name shown: the moderator's, or the contributor's nickname (null: anonymous). */
  authorName: string | null;
  text: string;
  createdAt: string;
}

/** One key a moderator blocked on a dataset (P23), and the proposal they blocked it from. */
export interface BlockRecord {
  datasetId: string;
  /** `c:<contributor id>`, `u:<user id>`, or `a:<address hash>`. */
  contributorKey: string;
  /** Null only for a block whose proposal could not be found when this was first recorded. */
  proposalId: string | null;
  blockedBy: string;
  blockedAt: string;
}

export interface ProposalStore {
  /** Inserts a proposal with the dataset's next number. */
  create(proposal: NewProposal): MaybePromise<ProposalRecord>;
  get(id: string): MaybePromise<ProposalRecord | null>;
  byNumber(datasetId: string, number: number): MaybePromise<ProposalRecord | null>;
  /** A dataset's proposals, newest first. */
  list(datasetId: string): MaybePromise<ProposalRecord[]>;
  update(id: string, patch: ProposalPatch): MaybePromise<void>;
  /** Submitted proposals waiting for a decision (open, partly accepted) on any of these datasets, by an index on status. */
  waitingOn(datasetIds: string[]): MaybePromise<ProposalRecord[]>;
  /** Pending proposals (draft, open, partly accepted) of an anonymous contributor or an account. */
  countPending(by: { contributorId: string } | { userId: string }): MaybePromise<number>;
  /** Records decisions and the proposal's new status together. */
  decide(id: string, decisions: DecisionRecord[], patch: ProposalPatch): MaybePromise<void>;
  decisions(id: string): MaybePromise<DecisionRecord[]>;
  /** Blocks a contributor (`c:<contributor id>`, `u:<user id>`, or `a:<address hash>`) from proposing on a dataset. */
  block(block: BlockRecord): MaybePromise<void>;
  unblock(datasetId: string, contributorKeys: string[]): MaybePromise<void>;
  /** A dataset's blocks, newest first. */
  blocks(datasetId: string): MaybePromise<BlockRecord[]>;
  /** Remembers the salted hash of the address an anonymous proposal came from (never the address). */
  setAddress(proposalId: string, addressHash: string): MaybePromise<void>;
  addressOf(proposalId: string): MaybePromise<string | null>;
  isBlocked(datasetId: string, contributorKey: string): MaybePromise<boolean>;
  addComment(comment: Omit<CommentRecord, "id">): MaybePromise<CommentRecord>;
  comments(proposalId: string): MaybePromise<CommentRecord[]>;
  /** An account is deleted: its proposals and comments stay, anonymous (no author, nickname or email); its blocks go. */
  forgetAuthor(userId: string): MaybePromise<void>;
  /** Remembers what a proposal's document holds (server/proposals/contents.ts keeps it current). */
  setContent(proposalId: string, content: ProposalContent): MaybePromise<void>;
  /** The remembered contents of a dataset's pending proposals, by proposal id (those never remembered are missing). */
  pendingContents(datasetId: string): MaybePromise<Map<string, ProposalContent>>;
  createContributor(contributor: ContributorRecord): MaybePromise<void>;
  contributor(id: string): MaybePromise<ContributorRecord | null>;
}

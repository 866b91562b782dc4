/**
 * Request and response shapes of the proposals API (docs/API.md, "Proposals"), shared by the server
 * (validation) and the client. The rules behind them are numbered in docs/PROPOSALS.md.
 */
import { z } from "zod";
import type { CellValue } from "../dataset/schema.ts";
import { limits } from "../limits.ts";
import { proposalLimits } from "../proposal/schema.ts";

/** Error codes only the proposals API answers with (the others are the API's common ones). */
export const proposalErrorCodes = {
  /** 409: the proposal is not pending (withdrawn, decided) or not submitted yet, for this action. */
  "proposal-closed": "the proposal does not accept this action in its status",
  /** 409: a change asked for cannot be accepted as it is (row deleted meanwhile, column gone, value invalid). */
  "change-not-acceptable": "a change cannot be accepted as it is; correct it or reject it",
  /** 400: a form filled in by a robot (the honeypot field). */
  honeypot: "the request looks automated",
  /** 429: too many pending proposals from one contributor. */
  "too-many-proposals": "too many pending proposals",
} as const;
export type ProposalErrorCode = keyof typeof proposalErrorCodes;

const cell = z.union([z.string().max(limits.maxCellChars), z.number().finite(), z.boolean(), z.null()]);
const id = z.string().min(1).max(64);
const nickname = z.string().trim().max(80);
const email = z.email().max(254);
/** Left empty by people; robots fill it in (P20). */
const honeypot = z.string().max(1000).optional();

/** The contributor's language (as the folders of client/locales name them), for their emails. */
const language = z.string().regex(/^[a-z]{2,3}$/);

export const createProposalSchema = z.object({
  nickname: nickname.optional(),
  language: language.optional(),
  email: email.optional(),
  website: honeypot,
});

export const contactSchema = z.object({ nickname: nickname.nullable().optional(), email: email.nullable().optional() });
export const submitSchema = z.object({ message: z.string().trim().max(2000).default("") });

/** A proposal as a JSON change set (third-party sites, scripts): created and submitted at once. */
export const changeSetSchema = z
  .object({
    cells: z.array(z.object({ rowId: id, columnId: id, base: cell, value: cell })).default([]),
    /** `after`: the live row a new row goes after (null: at the top; absent: at the end), P25. */
    newRows: z.array(z.object({ cells: z.record(id, cell), after: id.nullable().optional() })).default([]),
    deletions: z.array(z.object({ rowId: id, base: z.record(id, cell).default({}) })).default([]),
    message: z.string().trim().max(2000).default(""),
    nickname: nickname.optional(),
    email: email.optional(),
    language: language.optional(),
    website: honeypot,
  })
  .refine((s) => s.cells.length + s.newRows.length + s.deletions.length > 0, "a change set holds at least one change")
  .refine(
    (s) =>
      s.cells.length + s.deletions.length + s.newRows.reduce((n, r) => n + 1 + Object.keys(r.cells).length, 0) <=
      proposalLimits.maxEntries,
    `a proposal holds at most ${proposalLimits.maxEntries} changes (a new row counts once plus once per value)`,
  );

export const commentSchema = z.object({ text: z.string().trim().min(1).max(2000) });

/** One message of a proposal's conversation (docs/PROPOSALS.md P24). */
export type ProposalComment = {
  id: number;
  authorRole: "moderator" | "contributor";
  /** The moderator's name, or the contributor's nickname; null: anonymous (or a deleted account). */
  authorName: string | null;
  text: string;
  createdAt: string;
};

export const decisionsSchema = z.object({
  /** Change ids to accept, each optionally with a corrected value (cell) or values (new row). */
  accept: z
    .array(z.union([id, z.object({ id, value: cell.optional(), cells: z.record(id, cell).optional() })]))
    .max(proposalLimits.maxEntries)
    .default([]),
  reject: z.array(id).max(proposalLimits.maxEntries).default([]),
  /** Shorthand: every pending change that can be accepted as it is, or every pending change. */
  all: z.enum(["accept", "reject"]).optional(),
  message: z.string().trim().max(2000).optional(),
});
export type DecisionsRequest = z.infer<typeof decisionsSchema>;

export type RowPlacement =
  | { at: "after"; rowId: string; rowNumber: number; rowLabel: string | null }
  | { at: "start" }
  | { at: "end" };

export type ChangeProblem = "row-deleted" | "row-exists" | "column-deleted" | "invalid-value";

export type ReviewedChange =
  | {
      id: string;
      kind: "cell";
      rowId: string;
      columnId: string;
      /** The column's name now, or null if it was deleted meanwhile (P6). */
      column: string | null;
      /** What names the row for people: its live value in the first column (null if empty or gone). */
      rowLabel: string | null;
      base: CellValue;
      proposed: CellValue;
      /** The live value now; null when the row is gone. */
      live: CellValue;
      /** The live value changed after the base (P3). */
      conflict: boolean;
      /** The live value already is the proposed one (P4). */
      alreadyLive: boolean;
      problem: ChangeProblem | null;
      detail: string | null;
    }
  | {
      id: string;
      kind: "row";
      rowId: string;
      cells: { columnId: string; column: string | null; proposed: CellValue; problem: ChangeProblem | null }[];
      /** Where accepting puts it now (P25): after a live row (its number and label), at the top, or at the end. */
      placement: RowPlacement;
      conflict: false;
      alreadyLive: false;
      problem: ChangeProblem | null;
      detail: string | null;
    }
  | {
      id: string;
      kind: "delete";
      rowId: string;
      base: Record<string, CellValue>;
      /** The row's live values now, or null if it is already gone. */
      live: Record<string, CellValue> | null;
      conflict: boolean;
      alreadyLive: boolean;
      problem: ChangeProblem | null;
      detail: string | null;
    };

export type ProposalStatusName = "draft" | "open" | "partly-accepted" | "accepted" | "rejected" | "withdrawn";

export type ProposalView = {
  id: string;
  datasetId: string;
  number: number;
  status: ProposalStatusName;
  /** The nickname given, or null: shown as "anonymous". */
  nickname: string | null;
  /** Only to the dataset's moderators and to the proposal's own contributor. */
  email?: string | null;
  signedIn: boolean;
  message: string;
  decisionMessage: string;
  documentName: string;
  epoch: number;
  /** The dataset moved to a newer epoch since (P12). */
  staleEpoch: boolean;
  createdAt: string;
  submittedAt: string | null;
  updatedAt: string;
};

export type DecidedChange = {
  changeId: string;
  decision: "accepted" | "rejected";
  proposed: unknown;
  applied: unknown;
  at: string;
};

export type Review = { changes: ReviewedChange[]; conflicts: number; decided: DecidedChange[] };

export type QueueEntry = ProposalView & { ageSeconds: number; changes: number; conflicts: number };

/** A proposal's number in a dataset's path (`/api/datasets/:id/proposals/:number…`). */
export const proposalNumberSchema = z.coerce.number().int().min(1).max(1_000_000_000);

/** `POST /api/datasets/:id/proposals/:number/block`: how many of their pending proposals were rejected. */
export const blockAnswerSchema = z.object({ rejected: z.number().int().min(0) });
/** `DELETE /api/datasets/:id/proposals/:number/block`. */
export const unblockAnswerSchema = z.object({ unblocked: z.literal(true) });

/** Whether a blocked anonymous contributor's address is refused too: until the server's daily key changes (P23). */
const blockedAddressSchema = z.discriminatedUnion("state", [
  /** `until`: the latest time it lasts; a server restart ends it sooner. */
  z.object({ state: z.literal("blocked"), until: z.iso.datetime() }),
  /** The key changed since their proposals: from a new browser they could propose again as someone new. */
  z.object({ state: z.literal("lapsed") }),
]);

/** One entry of the moderators' list of blocked contributors (docs/PROPOSALS.md P23). */
export const blockedContributorSchema = z.object({
  /** The proposal the block was made from: unblocking goes through it (`DELETE …/proposals/:number/block`). */
  proposalNumber: z.number().int().min(1),
  /** An anonymous contributor, a signed-in account, or an address alone (its contributor is no longer blocked). */
  kind: z.enum(["contributor", "account", "address"]),
  /** The nickname they gave (on that proposal, else on another), or null: anonymous. */
  nickname: z.string().nullable(),
  blockedAt: z.iso.datetime(),
  /** The moderator's name; null if their account was deleted since. */
  blockedBy: z.string().nullable(),
  /** Null for an account: accounts are never blocked by address. */
  address: blockedAddressSchema.nullable(),
});
export type BlockedContributor = z.infer<typeof blockedContributorSchema>;

/** `GET /api/datasets/:id/blocked-contributors` (moderators): newest block first. */
export const blockedContributorsSchema = z.object({ blocked: z.array(blockedContributorSchema) });
export type BlockedContributors = z.infer<typeof blockedContributorsSchema>;

/** `GET /api/datasets/:id/proposals/:number` (moderators): the review, and whether its contributor is blocked. */
export type ModeratorReview = { proposal: ProposalView; review: Review; contributorBlocked: boolean };

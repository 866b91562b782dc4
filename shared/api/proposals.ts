/**
 * Request and response shapes of the proposals API (docs/API.md, "Proposals"), shared by the server
 * (validation) and the client. The rules behind them are numbered in docs/PROPOSALS.md.
 */
import { z } from "zod";
import { limits } from "../limits.ts";
import { proposalLimits } from "../proposal/schema.ts";
import { route } from "./route.ts";

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
export const proposalCommentSchema = z.object({
  id: z.number(),
  authorRole: z.enum(["moderator", "contributor"]),
  /** The moderator's name, or the contributor's nickname; null: anonymous (or a deleted account). */
  authorName: z.string().nullable(),
  text: z.string(),
  createdAt: z.string(),
});
export type ProposalComment = z.infer<typeof proposalCommentSchema>;

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

const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const rowPlacementSchema = z.discriminatedUnion("at", [
  z.object({ at: z.literal("after"), rowId: z.string(), rowNumber: z.number(), rowLabel: z.string().nullable() }),
  z.object({ at: z.literal("start") }),
  z.object({ at: z.literal("end") }),
]);
export type RowPlacement = z.infer<typeof rowPlacementSchema>;

const changeProblem = z.enum(["row-deleted", "row-exists", "column-deleted", "invalid-value"]);
export type ChangeProblem = z.infer<typeof changeProblem>;

export const reviewedChangeSchema = z.discriminatedUnion("kind", [
  z.object({
    id: z.string(),
    kind: z.literal("cell"),
    rowId: z.string(),
    columnId: z.string(),
    /** The column's name now, or null if it was deleted meanwhile (P6). */
    column: z.string().nullable(),
    /** What names the row for people: its live value in the first column (null if empty or gone). */
    rowLabel: z.string().nullable(),
    base: cellValue,
    proposed: cellValue,
    /** The live value now; null when the row is gone. */
    live: cellValue,
    /** The live value changed after the base (P3). */
    conflict: z.boolean(),
    /** The live value already is the proposed one (P4). */
    alreadyLive: z.boolean(),
    problem: changeProblem.nullable(),
    detail: z.string().nullable(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal("row"),
    rowId: z.string(),
    cells: z.array(
      z.object({
        columnId: z.string(),
        column: z.string().nullable(),
        proposed: cellValue,
        problem: changeProblem.nullable(),
      }),
    ),
    /** Where accepting puts it now (P25): after a live row (its number and label), at the top, or at the end. */
    placement: rowPlacementSchema,
    conflict: z.literal(false),
    alreadyLive: z.literal(false),
    problem: changeProblem.nullable(),
    detail: z.string().nullable(),
  }),
  z.object({
    id: z.string(),
    kind: z.literal("delete"),
    rowId: z.string(),
    base: z.record(z.string(), cellValue),
    /** The row's live values now, or null if it is already gone. */
    live: z.record(z.string(), cellValue).nullable(),
    conflict: z.boolean(),
    alreadyLive: z.boolean(),
    problem: changeProblem.nullable(),
    detail: z.string().nullable(),
  }),
]);
export type ReviewedChange = z.infer<typeof reviewedChangeSchema>;

export const proposalStatusNames = ["draft", "open", "partly-accepted", "accepted", "rejected", "withdrawn"] as const;
export type ProposalStatusName = (typeof proposalStatusNames)[number];

export const proposalViewSchema = z.object({
  id: z.string(),
  datasetId: z.string(),
  number: z.number(),
  status: z.enum(proposalStatusNames),
  /** The nickname given, or null: shown as "anonymous". */
  nickname: z.string().nullable(),
  /** Only to the dataset's moderators and to the proposal's own contributor. */
  email: z.string().nullable().optional(),
  signedIn: z.boolean(),
  message: z.string(),
  decisionMessage: z.string(),
  documentName: z.string(),
  epoch: z.number(),
  /** The dataset moved to a newer epoch since (P12). */
  staleEpoch: z.boolean(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type ProposalView = z.infer<typeof proposalViewSchema>;

export const decidedChangeSchema = z.object({
  changeId: z.string(),
  decision: z.enum(["accepted", "rejected"]),
  proposed: z.unknown(),
  applied: z.unknown(),
  at: z.string(),
});
export type DecidedChange = z.infer<typeof decidedChangeSchema>;

export const reviewSchema = z.object({
  changes: z.array(reviewedChangeSchema),
  conflicts: z.number(),
  decided: z.array(decidedChangeSchema),
});
export type Review = z.infer<typeof reviewSchema>;

export const queueEntrySchema = proposalViewSchema.extend({
  ageSeconds: z.number(),
  changes: z.number(),
  conflicts: z.number(),
});
export type QueueEntry = z.infer<typeof queueEntrySchema>;

const withReview = z.object({ proposal: proposalViewSchema, review: reviewSchema });
const justProposal = z.object({ proposal: proposalViewSchema });
const created = { token: z.string(), contributorToken: z.string().nullable() };
const proposalId = "/api/proposals/:proposalId";

/**
 * The contributor's side. Their capabilities travel as headers: `proposal-token` (the proposal's
 * private link), `contributor-token` (their browser's, to group their proposals).
 */
export const proposalApi = {
  create: route({
    method: "POST",
    path: "/api/datasets/:id/proposals",
    body: createProposalSchema,
    answer: justProposal.extend(created),
    status: 201,
  }),
  /** A whole proposal at once, created and submitted (the route third-party sites use). */
  sendChangeSet: route({
    method: "POST",
    path: "/api/datasets/:id/change-sets",
    body: changeSetSchema,
    answer: withReview.extend(created),
    status: 201,
    large: true,
  }),
  follow: route({ method: "GET", path: proposalId, answer: withReview, large: true }),
  setContact: route({ method: "PATCH", path: proposalId, body: contactSchema, answer: justProposal }),
  submit: route({ method: "POST", path: `${proposalId}/submit`, body: submitSchema, answer: withReview, large: true }),
  withdraw: route({ method: "POST", path: `${proposalId}/withdraw`, answer: justProposal }),
  comments: route({
    method: "GET",
    path: `${proposalId}/comments`,
    answer: z.object({ comments: z.array(proposalCommentSchema) }),
  }),
  comment: route({
    method: "POST",
    path: `${proposalId}/comments`,
    body: commentSchema,
    answer: z.object({ comment: proposalCommentSchema }),
    status: 201,
  }),
};

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
export const moderatorReviewSchema = withReview.extend({ contributorBlocked: z.boolean() });
export type ModeratorReview = z.infer<typeof moderatorReviewSchema>;

const numbered = "/api/datasets/:id/proposals/:number";

/** The moderators' side: a dataset's queue, one proposal's review, decisions, blocking a contributor. */
export const moderationApi = {
  queue: route({
    method: "GET",
    path: "/api/datasets/:id/proposals",
    query: z.object({ status: z.enum(proposalStatusNames).optional() }),
    answer: z.object({
      proposals: z.array(queueEntrySchema),
      counts: z.record(z.enum(proposalStatusNames), z.number()),
    }),
  }),
  review: route({ method: "GET", path: numbered, answer: moderatorReviewSchema, large: true }),
  decide: route({
    method: "POST",
    path: `${numbered}/decisions`,
    body: decisionsSchema,
    answer: withReview.extend({
      outcome: z.object({
        accepted: z.array(z.string()),
        rejected: z.array(z.string()),
        notAccepted: z.array(z.string()),
      }),
    }),
    large: true,
  }),
  /** Blocks the proposal's contributor on the dataset and rejects their pending proposals (P23). */
  block: route({ method: "POST", path: `${numbered}/block`, answer: blockAnswerSchema }),
  /** Lifts the block made from this (or any) proposal of the contributor. */
  unblock: route({ method: "DELETE", path: `${numbered}/block`, answer: unblockAnswerSchema }),
  blocked: route({ method: "GET", path: "/api/datasets/:id/blocked-contributors", answer: blockedContributorsSchema }),
};

/**
 * Making a proposal (docs/PROPOSALS.md P17–P20): who may, within which limits, with which
 * capabilities; writing a JSON change set into a new proposal's document; and filing one, created and
 * submitted at once (the change-set endpoint, and /api/v1 row writes by those who may only propose).
 */
import type { Hocuspocus } from "@hocuspocus/server";
import type { z } from "zod";
import type { changeSetSchema } from "../../shared/api/proposals.ts";
import { type ColumnId, isColumnId, isRowId, newProposalId, type RowId } from "../../shared/ids.ts";
import { proposeCells, proposeDeletions, proposeRows } from "../../shared/proposal/index.ts";
import { HttpError } from "../api/errors.ts";
import type { Principal } from "../rights/access.ts";
import type { ProposalRecord } from "../storage/proposalTypes.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";
import { PROPOSAL_LIMITS } from "./abuse.ts";
import { contributorKey, refuseIfBlocked } from "./block.ts";
import { CONTRIBUTOR_TOKEN_PREFIX, contributorOfToken, issueSecretFor, PROPOSAL_TOKEN_PREFIX } from "./capabilities.ts";
import { proposalDocument, withDocument } from "./documents.ts";
import { proposalError } from "./errors.ts";
import type { ProposalMails } from "./mails.ts";

export type NewProposalInput = {
  dataset: DatasetRecord;
  principal: Principal;
  /** An anonymous contributor's token from their browser, if they have one. */
  contributorToken: string | null;
  nickname?: string | undefined;
  email?: string | undefined;
  /** The contributor's language, for their emails. */
  language?: string | undefined;
  /** The honeypot field: people leave it empty. */
  website?: string | undefined;
  /** The salted hash of the client's address (never the address), kept with an anonymous proposal (P23). */
  addressHash: string | null;
  /** May this address make another anonymous proposal now (rate limit)? */
  allowAnonymous: () => boolean;
};

export type CreatedProposal = {
  proposal: ProposalRecord;
  /** The private link's capability: shown once. */
  token: string;
  /** A new anonymous contributor's capability, to keep in the browser: shown once. */
  contributorToken: string | null;
};

export async function createProposal(storage: Storage, input: NewProposalInput): Promise<CreatedProposal> {
  if (input.website) throw proposalError(400, "honeypot", "This form is for people; leave the website field empty.");
  const userId = input.principal.kind === "anonymous" ? null : input.principal.userId;
  let contributorId: string | null = null;
  let contributorToken: string | null = null;
  if (userId === null) {
    if (!input.allowAnonymous())
      throw new HttpError(429, "too-many-requests", "Too many proposals from this address; try again later.");
    contributorId = input.contributorToken ? await contributorOfToken(storage, input.contributorToken) : null;
    if (input.contributorToken && !contributorId)
      throw new HttpError(401, "invalid-token", "This contributor token is unknown.");
    if (!contributorId) {
      contributorId = newProposalId();
      const issued = issueSecretFor(CONTRIBUTOR_TOKEN_PREFIX, contributorId);
      await storage.proposals.createContributor({
        id: contributorId,
        secretHash: issued.secretHash,
        createdAt: new Date().toISOString(),
      });
      contributorToken = issued.token;
    }
  }
  await refuseIfBlocked(
    storage,
    input.dataset.id,
    contributorKey({ contributorId, authorUserId: userId }),
    input.addressHash,
  );
  const pending = await storage.proposals.countPending(
    userId ? { userId } : { contributorId: contributorId as string },
  );
  if (pending >= PROPOSAL_LIMITS.pendingPerContributor)
    throw proposalError(
      429,
      "too-many-proposals",
      `At most ${PROPOSAL_LIMITS.pendingPerContributor} pending proposals each; withdraw one or wait for decisions.`,
    );
  const id = newProposalId();
  const link = issueSecretFor(PROPOSAL_TOKEN_PREFIX, id);
  const now = new Date().toISOString();
  const proposal = await storage.proposals.create({
    id,
    datasetId: input.dataset.id,
    epoch: input.dataset.epoch,
    status: "draft",
    authorUserId: userId,
    contributorId,
    nickname: input.nickname || null,
    language: input.language ?? "en",
    email: input.email ?? null,
    message: "",
    secretHash: link.secretHash,
    decisionMessage: "",
    createdAt: now,
    submittedAt: null,
    updatedAt: now,
  });
  if (contributorId && input.addressHash) await storage.proposals.setAddress(proposal.id, input.addressHash);
  return { proposal, token: link.token, contributorToken };
}

type ChangeSet = z.infer<typeof changeSetSchema>;

/** Refuses a change set whose ids are not ids (400), before any proposal is created for it. */
export function checkChangeSetIds(set: ChangeSet): void {
  const problems: string[] = [];
  set.cells.forEach((c, i) => {
    if (!isRowId(c.rowId)) problems.push(`cells.${i}.rowId: not a row id`);
    if (!isColumnId(c.columnId)) problems.push(`cells.${i}.columnId: not a column id`);
  });
  set.newRows.forEach((r, i) => {
    if (typeof r.after === "string" && !isRowId(r.after)) problems.push(`newRows.${i}.after: not a row id`);
    for (const column of Object.keys(r.cells))
      if (!isColumnId(column)) problems.push(`newRows.${i}.cells: ${column.slice(0, 20)} is not a column id`);
  });
  set.deletions.forEach((d, i) => {
    if (!isRowId(d.rowId)) problems.push(`deletions.${i}.rowId: not a row id`);
    for (const column of Object.keys(d.base))
      if (!isColumnId(column)) problems.push(`deletions.${i}.base: ${column.slice(0, 20)} is not a column id`);
  });
  if (problems.length > 0) throw new HttpError(400, "invalid-request", problems.join("; "));
}

/** Writes a change set into a proposal's (new) document; ids are checked, values by the proposal's schema. */
export async function writeChangeSet(hocuspocus: Hocuspocus, proposal: ProposalRecord, set: ChangeSet): Promise<void> {
  checkChangeSetIds(set);
  const origin = { source: "local", context: { reason: "change-set" } };
  await withDocument(hocuspocus, proposalDocument(proposal), (doc) => {
    doc.transact(() => {
      proposeCells(
        doc,
        set.cells.map((c) => ({
          rowId: c.rowId as RowId,
          columnId: c.columnId as ColumnId,
          value: c.value,
          base: c.base,
        })),
        origin,
      );
      proposeRows(
        doc,
        set.newRows.map((r) => ({
          cells: r.cells as Record<ColumnId, never>,
          ...(r.after !== undefined ? { after: r.after as RowId | null } : {}),
        })),
        origin,
      );
      proposeDeletions(
        doc,
        set.deletions.map((d) => ({ rowId: d.rowId as RowId, base: d.base as Record<ColumnId, never> })),
        origin,
      );
    }, origin);
  });
}

export type ChangeSetInput = Omit<NewProposalInput, "nickname" | "email" | "language" | "website"> & {
  set: ChangeSet;
  mails?: ProposalMails | undefined;
};

/** Files a change set as an open proposal (P17–P20 apply): created, written, submitted, moderators told. */
export async function fileChangeSet(
  storage: Storage,
  hocuspocus: Hocuspocus,
  { set, mails, ...input }: ChangeSetInput,
): Promise<CreatedProposal> {
  checkChangeSetIds(set);
  const created = await createProposal(storage, {
    ...input,
    nickname: set.nickname,
    email: set.email,
    language: set.language,
    website: set.website,
  });
  await writeChangeSet(hocuspocus, created.proposal, set);
  const now = new Date().toISOString();
  await storage.proposals.update(created.proposal.id, {
    status: "open",
    message: set.message,
    submittedAt: now,
    updatedAt: now,
  });
  const proposal = (await storage.proposals.get(created.proposal.id)) as ProposalRecord;
  await mails?.submitted(proposal, input.dataset);
  return { ...created, proposal };
}

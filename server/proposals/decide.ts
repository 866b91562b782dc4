/**
 * Accepting and rejecting a proposal's changes (docs/PROPOSALS.md P8–P11): the chosen values are
 * replayed onto the live document value by value, in one Yjs transaction attributed to the
 * proposal and the moderator (never by merging the proposal's own update), the decided changes
 * leave the proposal's document, and the decisions are recorded with the proposal's new status.
 */
import type { Hocuspocus } from "@hocuspocus/server";
import type { DecisionsRequest, ReviewedChange } from "../../shared/api/proposals.ts";
import {
  addRows,
  type CellEdit,
  type CellValue,
  type Column,
  type DatasetView,
  deleteRows,
  setCells,
} from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { type NewRowChange, readProposal, removeChanges } from "../../shared/proposal/index.ts";
import { HttpError } from "../api/errors.ts";
import type { DecisionRecord, ProposalRecord, ProposalStatus } from "../storage/proposalTypes.ts";
import type { DatasetRecord, Storage } from "../storage/types.ts";
import { withProposalAndLive } from "./documents.ts";
import { proposalError } from "./errors.ts";
import { placeNewRows } from "./placement.ts";
import { fitValue, reviewChanges } from "./review.ts";

type Accepted = { change: ReviewedChange; value?: CellValue; cells?: Record<string, CellValue> };

export type DecideResult = { accepted: string[]; rejected: string[]; notAccepted: string[] };

export async function decide(
  storage: Storage,
  hocuspocus: Hocuspocus,
  dataset: DatasetRecord,
  proposal: ProposalRecord,
  moderatorId: string,
  request: DecisionsRequest,
): Promise<DecideResult> {
  if (proposal.status !== "open" && proposal.status !== "partly-accepted")
    throw proposalError(409, "proposal-closed", `proposal #${proposal.number} is ${proposal.status}`);
  const now = new Date().toISOString();
  const result = await withProposalAndLive(hocuspocus, dataset, proposal, (proposalDoc, live) => {
    const content = readProposal(proposalDoc);
    const pending = new Map(reviewChanges(content, live).map((c) => [c.id, c]));
    const accepted: Accepted[] = [];
    const rejected: ReviewedChange[] = [];
    const notAccepted: string[] = [];
    const problems: string[] = [];
    const taken = new Set<string>();
    const find = (id: string) => {
      const change = pending.get(id);
      if (!change) problems.push(`${id}: no such pending change`);
      else if (taken.has(id)) problems.push(`${id}: decided twice`);
      else taken.add(id);
      return change;
    };
    for (const entry of request.accept) {
      const { id, ...correction } = typeof entry === "string" ? { id: entry } : entry;
      const change = find(id);
      if (change) accepted.push({ change, ...correction });
    }
    for (const id of request.reject) {
      const change = find(id);
      if (change) rejected.push(change);
    }
    for (const change of pending.values()) {
      if (taken.has(change.id) || !request.all) continue;
      if (request.all === "reject") rejected.push(change);
      else if (change.problem === null || change.kind === "delete") accepted.push({ change });
      else notAccepted.push(change.id);
    }
    if (problems.length > 0) throw new HttpError(400, "invalid-request", problems.join("; "));
    const columns = new Map<string, Column>(live.columns().map((c) => [c.id, c]));
    const plan = accepted.map((a) => planOf(a, columns));
    const refused = plan.filter((p) => "problem" in p) as { id: string; problem: string }[];
    if (refused.length > 0)
      throw proposalError(409, "change-not-acceptable", refused.map((p) => `${p.id}: ${p.problem}`).join("; "));
    const origin = {
      source: "local",
      context: {
        actor: { kind: "proposal", proposalId: proposal.id, number: proposal.number, moderatorId },
      },
    };
    replay(live, plan as Planned[], content.newRows, origin);
    removeChanges(proposalDoc, [...accepted.map((a) => a.change.id), ...rejected.map((c) => c.id)], origin);
    const decisions: DecisionRecord[] = [
      ...(plan as Planned[]).map((p) => ({
        proposalId: proposal.id,
        changeId: p.change.id,
        decision: "accepted" as const,
        proposed: p.change,
        applied: p.applied,
        moderatorId,
        at: now,
      })),
      ...rejected.map((change) => ({
        proposalId: proposal.id,
        changeId: change.id,
        decision: "rejected" as const,
        proposed: change,
        applied: null,
        moderatorId,
        at: now,
      })),
    ];
    const left = readProposal(proposalDoc);
    const remaining = left.cells.length + left.newRows.length + left.deletions.length;
    return { decisions, remaining, notAccepted };
  });
  const earlier = await storage.proposals.decisions(proposal.id);
  const anyAccepted = [...earlier, ...result.decisions].some((d) => d.decision === "accepted");
  const status: ProposalStatus =
    result.remaining > 0 ? (anyAccepted ? "partly-accepted" : "open") : anyAccepted ? "accepted" : "rejected";
  await storage.proposals.decide(proposal.id, result.decisions, {
    status,
    updatedAt: now,
    ...(request.message !== undefined ? { decisionMessage: request.message } : {}),
  });
  return {
    accepted: result.decisions.filter((d) => d.decision === "accepted").map((d) => d.changeId),
    rejected: result.decisions.filter((d) => d.decision === "rejected").map((d) => d.changeId),
    notAccepted: result.notAccepted,
  };
}

type Planned = {
  change: ReviewedChange;
  edits: CellEdit[];
  newRow: { rowId: RowId; cells: Record<ColumnId, CellValue> } | null;
  deleteRow: RowId | null;
  applied: DecisionRecord["applied"];
};

/** What accepting one change writes (P8, P9), or why it cannot be accepted as it is (P5–P7). */
function planOf(
  { change, value, cells }: Accepted,
  columns: Map<string, Column>,
): Planned | { id: string; problem: string } {
  const refuse = (problem: string) => ({ id: change.id, problem });
  if (change.kind === "delete")
    return {
      change,
      edits: [],
      newRow: null,
      deleteRow: change.alreadyLive ? null : (change.rowId as RowId),
      applied: true,
    };
  if (change.problem === "row-deleted" || change.problem === "row-exists" || change.problem === "column-deleted")
    return refuse(change.detail ?? change.problem);
  if (change.kind === "cell") {
    const column = columns.get(change.columnId) as Column;
    const fit = fitValue(column, value !== undefined ? value : change.proposed);
    if (!fit.ok) return refuse(fit.detail);
    const edits =
      change.alreadyLive && value === undefined
        ? []
        : [{ rowId: change.rowId as RowId, columnId: change.columnId as ColumnId, value: fit.value }];
    return { change, edits, newRow: null, deleteRow: null, applied: fit.value };
  }
  const values: Record<string, CellValue> = {};
  for (const cell of change.cells) if (cell.problem !== "column-deleted") values[cell.columnId] = cell.proposed;
  for (const [columnId, corrected] of Object.entries(cells ?? {})) {
    if (!columns.has(columnId)) return refuse(`no column ${columnId} in the live data`);
    values[columnId] = corrected;
  }
  const written: Record<ColumnId, CellValue> = {} as Record<ColumnId, CellValue>;
  for (const [columnId, proposed] of Object.entries(values)) {
    const fit = fitValue(columns.get(columnId) as Column, proposed);
    if (!fit.ok) return refuse(`${columns.get(columnId)?.name}: ${fit.detail}`);
    if (fit.value !== null) written[columnId as ColumnId] = fit.value;
  }
  return {
    change,
    edits: [],
    newRow: { rowId: change.rowId as RowId, cells: written },
    deleteRow: null,
    applied: written,
  };
}

/** One transaction on the live document: every accepted value, nothing else; new rows where proposed (P25). */
function replay(live: DatasetView, plan: Planned[], proposedRows: NewRowChange[], origin: object): void {
  const doc = live.doc;
  const newRows = new Map(plan.flatMap((p) => (p.newRow ? [[p.newRow.rowId, p.newRow.cells] as const] : [])));
  const placements = placeNewRows(
    live,
    proposedRows.filter((r) => newRows.has(r.rowId)),
  );
  doc.transact(() => {
    setCells(
      doc,
      plan.flatMap((p) => p.edits),
      origin,
    );
    // In the order they were placed: each gap may lie next to a row placed before it.
    for (const [id, { gap }] of placements) addRows(doc, [{ id, cells: newRows.get(id) ?? {} }], gap, origin);
    deleteRows(
      doc,
      plan.flatMap((p) => (p.deleteRow ? [p.deleteRow] : [])),
      origin,
    );
  }, origin);
}

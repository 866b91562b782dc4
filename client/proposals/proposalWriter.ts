/**
 * A DatasetWriter that files every edit into a proposal instead of the dataset, so the same grid
 * serves contributors: a changed cell becomes a proposed value with the live value it replaces
 * (its base, kept from the first edit), a new row a proposed row, a deleted row a proposed deletion
 * with its live values. Putting a cell back to its base withdraws that change. Columns, metadata
 * and row order are not part of a proposal (docs/PROPOSALS.md).
 *
 * A write that would take the proposal past the entries the server accepts (P15) is not applied:
 * `onFull` is told instead, so the suggestion made so far stays sendable. A transaction (a paste)
 * is counted whole first, then applied whole or not at all.
 */
import type { DatasetWriter } from "../../shared/dataset/index.ts";
import { type CellValue, positionsBetween } from "../../shared/dataset/index.ts";
import { type ColumnId, newRowId, type RowId } from "../../shared/ids.ts";
import {
  type CellChange,
  cellChangeId,
  deletionChangeId,
  entriesAdded,
  newRowChangeId,
  proposalEntryCount,
  proposalLimits,
  proposeCells,
  proposeDeletions,
  proposeRows,
  removeChanges,
} from "../../shared/proposal/index.ts";
import type { ProposalPreview } from "./proposalPreview.ts";

const notInAProposal = () => {
  throw new Error("columns, metadata and row order cannot be proposed");
};

export function proposalWriter(
  preview: ProposalPreview,
  origin: unknown,
  onFull: () => void = () => {},
  maxEntries: number = proposalLimits.maxEntries,
): DatasetWriter {
  const { proposal } = preview;
  /** While a transaction is being counted: the entries its writes would add, none applied. */
  let counting: { added: number } | null = null;
  /** Counts a write (inside a transaction being counted) or refuses it (past the limit); true: apply it. */
  const fits = (added: number): boolean => {
    if (counting) {
      counting.added += added;
      return false;
    }
    if (added > 0 && proposalEntryCount(proposal) + added > maxEntries) {
      onFull();
      return false;
    }
    return true;
  };
  const isNewRow = (rowId: RowId) => preview.changes().newRows.some((r) => r.rowId === rowId);
  const baseOf = (rowId: RowId, columnId: ColumnId): CellValue | undefined =>
    preview.changes().cells.find((c) => c.rowId === rowId && c.columnId === columnId)?.base;

  return {
    setCells(edits) {
      const proposed: CellChange[] = [];
      const withdrawn: string[] = [];
      for (const edit of edits) {
        if (isNewRow(edit.rowId)) {
          proposed.push({ ...edit, base: null });
          continue;
        }
        const base = baseOf(edit.rowId, edit.columnId) ?? preview.liveValue(edit.rowId, edit.columnId);
        if ((edit.value ?? null) === (base ?? null)) withdrawn.push(cellChangeId(edit.rowId, edit.columnId));
        else proposed.push({ ...edit, base });
      }
      if (!fits(entriesAdded(proposal, { cells: proposed }))) return;
      proposal.transact(() => {
        if (withdrawn.length) removeChanges(proposal, withdrawn, origin);
        if (proposed.length) proposeCells(proposal, proposed, origin);
      }, origin);
    },
    addRows(rows, gap) {
      const positions = positionsBetween(gap.before, gap.after, rows.length);
      // The row they follow (live, or proposed here), so that accepting puts them there (P25).
      const after = gap.before === null ? null : preview.view.rowsInOrder().find((r) => r.position === gap.before)?.id;
      const ids = rows.map((row) => row.id ?? newRowId());
      if (!fits(entriesAdded(proposal, { newRows: rows.map((row) => ({ cells: row.cells })) }))) return [];
      return proposeRows(
        proposal,
        rows.map((row, i) => ({
          id: ids[i],
          position: positions[i] ?? null,
          ...(after !== undefined ? { after: i === 0 ? after : (ids[i - 1] as RowId) } : {}),
          cells: row.cells,
        })),
        origin,
      );
    },
    deleteRows(rowIds) {
      const added = rowIds.filter(isNewRow);
      const live = rowIds.filter((id) => !isNewRow(id) && preview.live.view.row(id));
      if (!fits(entriesAdded(proposal, { deletions: live }))) return;
      proposal.transact(() => {
        if (added.length) removeChanges(proposal, added.map(newRowChangeId), origin);
        proposeDeletions(
          proposal,
          live.map((rowId) => ({ rowId, base: { ...(preview.live.view.row(rowId)?.cells ?? {}) } })),
          origin,
        );
      }, origin);
    },
    restoreRows(rowIds) {
      if (counting) return;
      removeChanges(proposal, rowIds.map(deletionChangeId), origin);
    },
    moveRows: () => {},
    addColumns: notInAProposal,
    updateColumn: notInAProposal,
    moveColumn: notInAProposal,
    deleteColumn: notInAProposal,
    transact(writes) {
      if (counting) {
        writes();
        return true;
      }
      counting = { added: 0 };
      let added = 0;
      try {
        writes();
        added = counting.added;
      } finally {
        counting = null;
      }
      if (added > 0 && proposalEntryCount(proposal) + added > maxEntries) {
        onFull();
        return false;
      }
      proposal.transact(writes, origin);
      return true;
    },
  };
}

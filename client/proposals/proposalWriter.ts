/**
 * A DatasetWriter that files every edit into a proposal instead of the dataset, so the same grid
 * serves contributors: a changed cell becomes a proposed value with the live value it replaces
 * (its base, kept from the first edit), a new row a proposed row, a deleted row a proposed deletion
 * with its live values. Putting a cell back to its base withdraws that change. Columns, metadata
 * and row order are not part of a proposal (docs/PROPOSALS.md).
 */
import type { DatasetWriter } from "../../shared/dataset/index.ts";
import { type CellValue, positionsBetween } from "../../shared/dataset/index.ts";
import { type ColumnId, newRowId, type RowId } from "../../shared/ids.ts";
import {
  type CellChange,
  cellChangeId,
  deletionChangeId,
  newRowChangeId,
  proposeCells,
  proposeDeletions,
  proposeRows,
  removeChanges,
} from "../../shared/proposal/index.ts";
import type { ProposalPreview } from "./proposalPreview.ts";

const notInAProposal = () => {
  throw new Error("columns, metadata and row order cannot be proposed");
};

export function proposalWriter(preview: ProposalPreview, origin: unknown): DatasetWriter {
  const { proposal } = preview;
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
      removeChanges(proposal, rowIds.map(deletionChangeId), origin);
    },
    moveRows: () => {},
    addColumns: notInAProposal,
    updateColumn: notInAProposal,
    moveColumn: notInAProposal,
    deleteColumn: notInAProposal,
    transact: (writes) => proposal.transact(writes, origin),
  };
}

/**
 * THE proposal document: a separate Yjs document per proposal (`proposal.<datasetId>.<proposalId>`)
 * that holds only its changes to the dataset, never a copy of it, so a proposal of three cells is a
 * few hundred bytes whatever the dataset's size. Three root maps, each value a plain JSON object
 * (one last-writer-wins entry, so two people on one proposal can each edit their own entries):
 *
 *   cells        `rowId:columnId` → { value, base }   a proposed value, and the live value it replaces
 *                                                     (base null in a new row's cells)
 *   newRows      `rowId`          → { position, after? } a row to add, where it was inserted: `after` the
 *                                                     row it followed (null: the first row), `position`
 *                                                     its order key then (null with no `after`: at the
 *                                                     end); its values are its `cells` entries (P25)
 *   deletedRows  `rowId`          → { base }          a row to delete, with its live values then
 *                                                     (`{ columnId: value }`)
 *
 * Nothing else may be stored (shared/proposal/updateRules.ts); the rules are numbered in
 * docs/PROPOSALS.md. Only shared/proposal/ reads or writes these maps by key.
 */
import type { CellValue } from "../dataset/schema.ts";
import type { ColumnId, RowId } from "../ids.ts";

export const proposalRoots = { cells: "cells", newRows: "newRows", deletedRows: "deletedRows" } as const;

export const proposalLimits = {
  /** Entries in one proposal: cell values, new rows and deleted rows together. */
  maxEntries: 1_000,
  /** Characters of a new row's position. */
  maxPositionChars: 1_000,
} as const;

export type CellEntry = { value: CellValue; base: CellValue };
/** `after` absent: a proposal made before P25, placed by its position alone. */
export type NewRowEntry = { position: string | null; after?: RowId | null };
export type DeletedRowEntry = { base: Record<string, CellValue> };

/** One proposed change as reviewers see it (a new row carries its values). */
export type CellChange = { rowId: RowId; columnId: ColumnId; value: CellValue; base: CellValue };
export type NewRowChange = {
  rowId: RowId;
  position: string | null;
  after?: RowId | null;
  cells: Record<ColumnId, CellValue>;
};
export type RowDeletion = { rowId: RowId; base: Record<ColumnId, CellValue> };

export type ProposalContent = { cells: CellChange[]; newRows: NewRowChange[]; deletions: RowDeletion[] };

/** How many changes a proposal holds: cell changes, new rows and deleted rows, each one. */
export const changeCount = (content: ProposalContent): number =>
  content.cells.length + content.newRows.length + content.deletions.length;

/** Changes are named `cell:<rowId>:<columnId>`, `row:<rowId>` (a new row), `delete:<rowId>`. */
export type ChangeId = string;
export const cellChangeId = (rowId: string, columnId: string): ChangeId => `cell:${rowId}:${columnId}`;
export const newRowChangeId = (rowId: string): ChangeId => `row:${rowId}`;
export const deletionChangeId = (rowId: string): ChangeId => `delete:${rowId}`;

export type ParsedChangeId =
  | { kind: "cell"; rowId: RowId; columnId: ColumnId }
  | { kind: "row"; rowId: RowId }
  | { kind: "delete"; rowId: RowId };

export function parseChangeId(id: string): ParsedChangeId | null {
  const [kind, rowId, columnId, extra] = id.split(":");
  if (!rowId || extra !== undefined) return null;
  if (kind === "cell" && columnId) return { kind, rowId: rowId as RowId, columnId: columnId as ColumnId };
  if ((kind === "row" || kind === "delete") && columnId === undefined) return { kind, rowId: rowId as RowId };
  return null;
}

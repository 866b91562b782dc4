/**
 * Typed readers and writers of a proposal document (schema.ts). Writers check what they write; the
 * reader trusts nothing it finds (an entry outside the schema is skipped, the rest stays readable).
 */
import type * as Y from "yjs";
import { type CellValue, cellKey, splitCellKey } from "../dataset/schema.ts";
import { type ColumnId, isColumnId, isRowId, newRowId, type RowId } from "../ids.ts";
import { cellEntryProblem, deletedRowEntryProblem, newRowEntryProblem } from "./entries.ts";
import { deletedRowsMap, newRowsMap, proposalCellsMap } from "./maps.ts";
import {
  type CellChange,
  type CellEntry,
  type ChangeId,
  type DeletedRowEntry,
  type NewRowChange,
  type NewRowEntry,
  type ProposalContent,
  parseChangeId,
  type RowDeletion,
} from "./schema.ts";

/** `after`: the row it was inserted after (null: at the top), kept so it lands there when accepted (P25). */
export type ProposedRow = {
  id?: RowId;
  position?: string | null;
  after?: RowId | null;
  cells: Partial<Record<ColumnId, CellValue>>;
};

const checked = <T>(entry: T, problem: (entry: unknown) => string | null): T => {
  const reason = problem(entry);
  if (reason) throw new RangeError(reason);
  return entry;
};

/** Proposes cell values on existing rows, each with the live value it replaces. */
export function proposeCells(doc: Y.Doc, changes: CellChange[], origin: unknown): void {
  const entries = changes.map(
    (c) =>
      [cellKey(c.rowId, c.columnId), checked<CellEntry>({ value: c.value, base: c.base }, cellEntryProblem)] as const,
  );
  doc.transact(() => {
    const cells = proposalCellsMap(doc);
    for (const [key, entry] of entries) cells.set(key, entry);
  }, origin);
}

/** Proposes new rows (their values as cell entries with base null). Returns their ids. */
export function proposeRows(doc: Y.Doc, rows: ProposedRow[], origin: unknown): RowId[] {
  const ids = rows.map((row) => row.id ?? newRowId());
  const cellEntries: [string, CellEntry][] = [];
  const rowEntries = rows.map((row, i) => {
    const id = ids[i] as RowId;
    for (const [column, value] of Object.entries(row.cells)) {
      if (!isColumnId(column)) throw new RangeError(`${column} is not a column id`);
      if (value !== null && value !== undefined)
        cellEntries.push([cellKey(id, column), checked({ value, base: null }, cellEntryProblem)]);
    }
    const entry: NewRowEntry = { position: row.position ?? null };
    if (row.after !== undefined) entry.after = row.after;
    return [id, checked(entry, newRowEntryProblem)] as const;
  });
  doc.transact(() => {
    const newRows = newRowsMap(doc);
    const cells = proposalCellsMap(doc);
    for (const [id, entry] of rowEntries) newRows.set(id, entry);
    for (const [key, entry] of cellEntries) cells.set(key, entry);
  }, origin);
  return ids;
}

/** Proposes deleting rows, each with its live values then. */
export function proposeDeletions(doc: Y.Doc, deletions: RowDeletion[], origin: unknown): void {
  const entries = deletions.map(
    (d) => [d.rowId, checked<DeletedRowEntry>({ base: d.base }, deletedRowEntryProblem)] as const,
  );
  doc.transact(() => {
    const deleted = deletedRowsMap(doc);
    for (const [id, entry] of entries) deleted.set(id, entry);
  }, origin);
}

/** Removes changes from the proposal (retracted by the contributor, or decided by a moderator). A new row takes its values with it. */
export function removeChanges(doc: Y.Doc, ids: ChangeId[], origin: unknown): void {
  doc.transact(() => {
    const cells = proposalCellsMap(doc);
    for (const id of ids) {
      const change = parseChangeId(id);
      if (!change) continue;
      if (change.kind === "cell") cells.delete(cellKey(change.rowId, change.columnId));
      else if (change.kind === "delete") deletedRowsMap(doc).delete(change.rowId);
      else {
        newRowsMap(doc).delete(change.rowId);
        for (const key of [...cells.keys()]) if (key.startsWith(`${change.rowId}:`)) cells.delete(key);
      }
    }
  }, origin);
}

/** Entries held: what the limit P15 counts. */
export function entryCount(doc: Y.Doc): number {
  return proposalCellsMap(doc).size + newRowsMap(doc).size + deletedRowsMap(doc).size;
}

/** The proposal's changes; entries outside the schema are skipped. Sorted by row then column for stable output. */
export function readProposal(doc: Y.Doc): ProposalContent {
  const newRows = new Map<RowId, Omit<NewRowChange, "rowId">>();
  for (const [id, entry] of newRowsMap(doc)) {
    if (!isRowId(id) || newRowEntryProblem(entry) !== null) continue;
    const { position, after } = entry as NewRowEntry;
    newRows.set(id, { position, ...(after !== undefined ? { after } : {}), cells: {} as Record<ColumnId, CellValue> });
  }
  const cells: CellChange[] = [];
  for (const [key, entry] of proposalCellsMap(doc)) {
    const parts = splitCellKey(key);
    if (!parts || !isRowId(parts[0]) || !isColumnId(parts[1]) || cellEntryProblem(entry) !== null) continue;
    const [rowId, columnId] = parts as [RowId, ColumnId];
    const { value, base } = entry as CellEntry;
    const newRow = newRows.get(rowId);
    if (newRow) newRow.cells[columnId] = value;
    else cells.push({ rowId, columnId, value, base });
  }
  const deletions: RowDeletion[] = [];
  for (const [id, entry] of deletedRowsMap(doc)) {
    if (isRowId(id) && deletedRowEntryProblem(entry) === null)
      deletions.push({ rowId: id, base: (entry as DeletedRowEntry).base as Record<ColumnId, CellValue> });
  }
  const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    cells: cells.sort((a, b) => byKey(`${a.rowId}:${a.columnId}`, `${b.rowId}:${b.columnId}`)),
    newRows: [...newRows].map(([rowId, row]) => ({ rowId, ...row })).sort((a, b) => byKey(a.rowId, b.rowId)),
    deletions: deletions.sort((a, b) => byKey(a.rowId, b.rowId)),
  };
}

/** Entries the proposal's document holds, as the server counts them against P15 (a new row's values count one each). */
export function proposalEntryCount(doc: Y.Doc): number {
  return proposalCellsMap(doc).size + newRowsMap(doc).size + deletedRowsMap(doc).size;
}

/** Entries these changes would add to the proposal (replacing an entry adds none). */
export function entriesAdded(
  doc: Y.Doc,
  changes: { cells?: { rowId: RowId; columnId: ColumnId }[]; newRows?: ProposedRow[]; deletions?: RowId[] },
): number {
  const cells = proposalCellsMap(doc);
  const deleted = deletedRowsMap(doc);
  const cellKeys = new Set((changes.cells ?? []).map((c) => cellKey(c.rowId, c.columnId)));
  let added = [...cellKeys].filter((key) => !cells.has(key)).length;
  for (const row of changes.newRows ?? [])
    added += 1 + Object.values(row.cells).filter((v) => v !== null && v !== undefined).length;
  added += [...new Set(changes.deletions ?? [])].filter((id) => !deleted.has(id)).length;
  return added;
}

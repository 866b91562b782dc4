/** Pure decisions behind grid gestures (paste, column moves, copy), kept apart from the DOM to be tested. */
import {
  type CellEdit,
  type CellError,
  type CellValue,
  type Column,
  type NewRow,
  parseCell,
} from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";

export type PastePlan = {
  edits: CellEdit[];
  /** Rows to append after the last row, when the block runs past it. */
  newRows: NewRow[];
  /** Cells written (edits plus filled cells of new rows). */
  written: number;
  /** Values that do not fit their column, written as the text pasted (marked invalid, as after a retype). */
  kept: number;
  firstMismatch: CellError | null;
  /** Values that cannot be stored at all (longer than limits.maxCellChars), left out. */
  refused: number;
  firstError: CellError | null;
  /** Some pasted columns fell past the last column. */
  tooWide: boolean;
};

/**
 * Maps a pasted block onto the grid from the focused cell: right over the displayed columns, down
 * over the displayed rows, and past the last row into new rows. Each value is parsed for its
 * column; one that does not fit is written as the text pasted, never as something else, so nothing
 * pasted is lost (the grid marks it invalid, as it does values kept when a column is retyped). Only
 * values too long for any cell are refused, counted and skipped.
 */
export function planPaste(
  block: string[][],
  rows: readonly { id: RowId; cells: Readonly<Record<ColumnId, CellValue>> }[],
  columns: readonly Column[],
  startRow: number,
  startColumn: number,
  locale?: string,
): PastePlan {
  const plan: PastePlan = {
    edits: [],
    newRows: [],
    written: 0,
    kept: 0,
    firstMismatch: null,
    refused: 0,
    firstError: null,
    tooWide: false,
  };
  block.forEach((values, r) => {
    const row = rows[startRow + r];
    const cells: Partial<Record<ColumnId, CellValue>> = {};
    values.forEach((text, c) => {
      const column = columns[startColumn + c];
      if (!column) {
        if (text !== "") plan.tooWide = true;
        return;
      }
      const parsed = parseCell(column, text, { locale });
      let value: CellValue;
      if (parsed.ok) value = parsed.value;
      else if (parsed.error === "too-long") {
        plan.refused++;
        plan.firstError ??= parsed.error;
        return;
      } else {
        plan.kept++;
        plan.firstMismatch ??= parsed.error;
        value = text;
      }
      if (row) {
        if ((row.cells[column.id] ?? null) !== value) {
          plan.edits.push({ rowId: row.id, columnId: column.id, value });
        }
        plan.written++;
      } else if (value !== null) {
        cells[column.id] = value;
        plan.written++;
      }
    });
    if (!row) plan.newRows.push({ cells });
  });
  return plan;
}

/** The text of a cell on the clipboard: machine values (ISO dates, "." decimals) so they paste back exactly. */
export function cellText(value: CellValue): string {
  if (value === null) return "";
  return String(value);
}

/**
 * After someone drags one column header, which column moved and after which one it now sits.
 * `model` is the stored order, `displayed` the grid's new order of the same columns.
 */
export function movedColumn(
  model: readonly string[],
  displayed: readonly string[],
): { id: string; after: string | null } | null {
  if (model.length !== displayed.length) return null;
  let first = 0;
  while (first < model.length && model[first] === displayed[first]) first++;
  if (first === model.length) return null;
  let last = model.length - 1;
  while (last > first && model[last] === displayed[last]) last--;
  // Moved left: it now sits at `first`. Moved right: it now sits at `last`.
  const id = displayed[first] === model[last] ? (displayed[first] as string) : (displayed[last] as string);
  const index = displayed.indexOf(id);
  return { id, after: index > 0 ? (displayed[index - 1] as string) : null };
}

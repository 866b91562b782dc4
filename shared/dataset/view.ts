/**
 * DatasetView: the rows of a dataset document as plain objects, kept up to date as the document
 * changes, with one change event per Yjs transaction (rows added, updated, removed; columns or
 * metadata changed). The grid, the server's snapshots and the tests read rows through it.
 * Row objects are immutable: a changed row is a new object, so consumers can compare by identity.
 *
 * The view trusts nothing it reads: content outside the schema (a malformed block, a cell value
 * that is not a CellValue, a row id repeated across blocks…) is skipped and listed by problems(),
 * and every valid row stays readable, so no document can become unopenable.
 */
import type * as Y from "yjs";
import type { ColumnId, RowId } from "../ids.ts";
import { type BlockRow, decodeBlock } from "./blocks.ts";
import { readColumns } from "./columns.ts";
import { blocksMap, cellsMap, columnsMap, metaMap } from "./maps.ts";
import { readMeta } from "./meta.ts";
import { byPosition } from "./position.ts";
import { MAX_PROBLEMS, type Problem } from "./problems.ts";
import type { Gap } from "./rows.ts";
import {
  type CellValue,
  type Column,
  type DatasetMeta,
  DELETED,
  isCellValue,
  POSITION,
  type Row,
  splitCellKey,
} from "./schema.ts";

export interface ViewChange {
  added: Row[];
  updated: Row[];
  removed: RowId[];
  columnsChanged: boolean;
  metaChanged: boolean;
  /** The transaction's origin, to tell one's own edits from others'. */
  origin: unknown;
  local: boolean;
}

/** The keys a transaction changed in a map (undefined if the map did not change). */
const changedKeys = (transaction: Y.Transaction, map: object) =>
  (transaction.changed as Map<object, Set<string | null>>).get(map);

/**
 * What the grid reads rows through: a DatasetView, or the live rows with a proposal laid over them
 * (client/proposals/proposalPreview.ts), which needs no copy of the dataset.
 */
export type RowsView = Pick<
  DatasetView,
  "rowCount" | "row" | "rowsInOrder" | "columns" | "onChange" | "gapAfter" | "gapAtEnd"
>;

/** The gap right after a row of `rows` (in order; null: at the very start). */
export function gapAfterRow(rows: readonly Row[], rowId: RowId | null): Gap {
  const index = rowId === null ? -1 : rows.findIndex((r) => r.id === rowId);
  if (rowId !== null && index < 0) throw new RangeError(`no row ${rowId}`);
  return { before: rows[index]?.position ?? null, after: rows[index + 1]?.position ?? null };
}

export class DatasetView {
  readonly doc: Y.Doc;
  /** Rows as their block holds them, by id; a row id in two blocks is held by the smaller block id. */
  private readonly base = new Map<RowId, BlockRow>();
  /** Block rows hidden behind the same row id in a smaller block; they take over if that one goes. */
  private readonly shadowed = new Map<RowId, BlockRow[]>();
  private readonly rowsOfBlock = new Map<string, RowId[]>();
  private readonly overrides = new Map<RowId, Map<string, CellValue>>();
  private readonly rows = new Map<RowId, Row>();
  /** What was skipped, by block id and by cell key: the reason. */
  private readonly badBlocks = new Map<string, string>();
  private readonly badCells = new Map<string, string>();
  private ordered: Row[] | null = null;
  private columnCache: Column[] | null = null;
  private readonly listeners = new Set<(change: ViewChange) => void>();

  constructor(doc: Y.Doc) {
    this.doc = doc;
    for (const [blockId, text] of blocksMap(doc)) this.addBlock(blockId, text);
    for (const [key, value] of cellsMap(doc)) this.setOverride(key, value);
    for (const id of this.base.keys()) {
      const row = this.compute(id);
      if (row) this.rows.set(id, row);
    }
    // Rows made of cells alone (see schema.ts).
    for (const id of this.overrides.keys()) {
      if (this.base.has(id)) continue;
      const row = this.compute(id);
      if (row) this.rows.set(id, row);
    }
    doc.on("afterTransaction", this.onTransaction);
  }

  destroy(): void {
    this.doc.off("afterTransaction", this.onTransaction);
    this.listeners.clear();
  }

  onChange(listener: (change: ViewChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get rowCount(): number {
    return this.rows.size;
  }

  row(id: RowId): Row | undefined {
    return this.rows.get(id);
  }

  /** Live rows in their manual order. */
  rowsInOrder(): readonly Row[] {
    this.ordered ??= [...this.rows.values()].sort(byPosition);
    return this.ordered;
  }

  columns(): readonly Column[] {
    this.columnCache ??= readColumns(this.doc);
    return this.columnCache;
  }

  meta(): DatasetMeta {
    return readMeta(this.doc);
  }

  /** Content outside the schema that this view skips, as the document holds it now (at most `limit`). */
  problems(limit = MAX_PROBLEMS): Problem[] {
    const found: Problem[] = [];
    const report = (problem: Problem) => {
      if (found.length < limit) found.push(problem);
    };
    readMeta(this.doc, report);
    readColumns(this.doc, report);
    for (const [key, reason] of this.badBlocks) report({ where: "blocks", key, reason });
    for (const [id, rows] of this.shadowed) {
      const holder = this.base.get(id)?.block;
      for (const row of rows)
        report({ where: "blocks", key: row.block, reason: `row ${id} is also in block ${holder}` });
    }
    for (const [key, reason] of this.badCells) report({ where: "cells", key, reason });
    return found;
  }

  /** The gap right after a row (null: at the very start), for inserting or moving rows there. */
  gapAfter(rowId: RowId | null): Gap {
    return gapAfterRow(this.rowsInOrder(), rowId);
  }

  /** The gap at the end, for appending rows. */
  gapAtEnd(): Gap {
    const rows = this.rowsInOrder();
    return { before: rows[rows.length - 1]?.position ?? null, after: null };
  }

  private readonly onTransaction = (transaction: Y.Transaction): void => {
    const touched = new Set<RowId>();
    const blocks = blocksMap(this.doc);
    for (const blockId of changedKeys(transaction, blocks) ?? []) {
      if (blockId === null) continue;
      this.removeBlock(blockId, touched);
      if (blocks.has(blockId)) for (const id of this.addBlock(blockId, blocks.get(blockId))) touched.add(id);
    }
    const cells = cellsMap(this.doc);
    for (const key of changedKeys(transaction, cells) ?? []) {
      if (key === null) continue;
      const rowId = cells.has(key) ? this.setOverride(key, cells.get(key)) : this.clearOverride(key);
      if (rowId) touched.add(rowId);
    }
    const columnsChanged = (transaction.changedParentTypes as Map<object, unknown>).has(columnsMap(this.doc));
    const metaChanged = changedKeys(transaction, metaMap(this.doc)) !== undefined;
    if (touched.size === 0 && !columnsChanged && !metaChanged) return;
    if (columnsChanged) this.columnCache = null;
    if (touched.size > 0) this.ordered = null;

    const change: ViewChange = {
      added: [],
      updated: [],
      removed: [],
      columnsChanged,
      metaChanged,
      origin: transaction.origin,
      local: transaction.local,
    };
    for (const id of touched) {
      const before = this.rows.get(id);
      const after = this.compute(id);
      if (after) this.rows.set(id, after);
      else this.rows.delete(id);
      if (!before && after) change.added.push(after);
      else if (before && !after) change.removed.push(id);
      else if (before && after) change.updated.push(after);
    }
    for (const listener of this.listeners) listener(change);
  };

  /** Takes in a block's rows; returns the ids it holds (shadowed ones included). */
  private addBlock(blockId: string, text: unknown): RowId[] {
    const { rows, problem } = decodeBlock(blockId, text);
    const ids: RowId[] = [];
    let repeats = 0;
    for (const row of rows) {
      const held = this.base.get(row.id);
      if (held === undefined) {
        this.base.set(row.id, row);
        ids.push(row.id);
      } else if (held.block === blockId || this.shadowed.get(row.id)?.some((r) => r.block === blockId)) {
        repeats++; // the first of a row's repeats within one block holds it
      } else {
        ids.push(row.id);
        // The smallest block id holds the row, whatever order replicas received the blocks in.
        if (blockId < held.block) {
          this.base.set(row.id, row);
          this.shadow(held);
        } else this.shadow(row);
      }
    }
    const found = [problem, repeats && `${repeats} rows repeat an earlier row of the block`].filter(Boolean);
    if (found.length) this.badBlocks.set(blockId, found.join("; "));
    this.rowsOfBlock.set(blockId, ids);
    return ids;
  }

  private removeBlock(blockId: string, touched: Set<RowId>): void {
    this.badBlocks.delete(blockId);
    const ids = this.rowsOfBlock.get(blockId);
    if (!ids) return;
    this.rowsOfBlock.delete(blockId);
    for (const id of ids) {
      touched.add(id);
      const hidden = this.shadowed.get(id);
      if (this.base.get(id)?.block === blockId) {
        this.base.delete(id);
        if (!hidden) continue;
        // The next smallest block takes the row over.
        const next = hidden.reduce((a, b) => (b.block < a.block ? b : a));
        this.base.set(id, next);
        this.unshadow(id, hidden, next.block);
      } else if (hidden) this.unshadow(id, hidden, blockId);
    }
  }

  private shadow(row: BlockRow): void {
    const hidden = this.shadowed.get(row.id);
    if (hidden) hidden.push(row);
    else this.shadowed.set(row.id, [row]);
  }

  private unshadow(id: RowId, hidden: BlockRow[], blockId: string): void {
    const rest = hidden.filter((r) => r.block !== blockId);
    if (rest.length) this.shadowed.set(id, rest);
    else this.shadowed.delete(id);
  }

  private setOverride(key: string, value: unknown): RowId | null {
    const parts = splitCellKey(key);
    const reason = parts ? cellProblem(parts[1], value) : "the key is not rowId:columnId";
    if (reason !== null) {
      const rowId = this.clearOverride(key);
      this.badCells.set(key, reason);
      return rowId;
    }
    if (this.badCells.size > 0) this.badCells.delete(key);
    const [rowId, columnId] = parts as [RowId, string];
    let map = this.overrides.get(rowId);
    if (!map) {
      map = new Map();
      this.overrides.set(rowId, map);
    }
    map.set(columnId, value as CellValue);
    return rowId;
  }

  private clearOverride(key: string): RowId | null {
    if (this.badCells.size > 0) this.badCells.delete(key);
    const parts = splitCellKey(key);
    if (!parts) return null;
    const [rowId, columnId] = parts;
    const map = this.overrides.get(rowId);
    map?.delete(columnId);
    if (map?.size === 0) this.overrides.delete(rowId);
    return rowId;
  }

  private compute(id: RowId): Row | null {
    const base = this.base.get(id);
    const overrides = this.overrides.get(id);
    if (!overrides) return base ? { id, position: base.position, cells: base.cells } : null;
    if (overrides.get(DELETED) === true) return null;
    const cells: Record<ColumnId, CellValue> = base ? { ...base.cells } : {};
    // A row with no block row exists if its position cell holds a position (see schema.ts).
    let position = base?.position;
    for (const [columnId, value] of overrides) {
      if (columnId === POSITION) position = value as string;
      else if (columnId !== DELETED) cells[columnId as ColumnId] = value;
    }
    return position === undefined ? null : { id, position, cells };
  }
}

function cellProblem(columnId: string, value: unknown): string | null {
  if (columnId === POSITION) return typeof value === "string" ? null : "a position is not text";
  if (columnId === DELETED) return typeof value === "boolean" ? null : "a deletion mark is not true or false";
  return isCellValue(value) ? null : "the value is not a cell value";
}

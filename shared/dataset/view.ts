/**
 * DatasetView: the rows of a dataset document as plain objects, kept up to date as the document
 * changes, with one change event per Yjs transaction (rows added, updated, removed; columns or
 * metadata changed). The grid, the server's snapshots and the tests read rows through it.
 * Row objects are immutable: a changed row is a new object, so consumers can compare by identity.
 */
import type * as Y from "yjs";
import type { ColumnId, RowId } from "../ids.ts";
import { readColumns } from "./columns.ts";
import { blocksMap, cellsMap, columnsMap, metaMap } from "./maps.ts";
import { readMeta } from "./meta.ts";
import { byPosition } from "./position.ts";
import type { Gap } from "./rows.ts";
import {
  type Block,
  type CellValue,
  type Column,
  type DatasetMeta,
  DELETED,
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

type BaseRow = { position: string; cells: Record<ColumnId, CellValue> };

export class DatasetView {
  readonly doc: Y.Doc;
  private readonly base = new Map<RowId, BaseRow>();
  private readonly rowsOfBlock = new Map<string, RowId[]>();
  private readonly overrides = new Map<RowId, Map<string, CellValue>>();
  private readonly rows = new Map<RowId, Row>();
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

  /** The gap right after a row (null: at the very start), for inserting or moving rows there. */
  gapAfter(rowId: RowId | null): Gap {
    const rows = this.rowsInOrder();
    const index = rowId === null ? -1 : rows.findIndex((r) => r.id === rowId);
    if (rowId !== null && index < 0) throw new RangeError(`no row ${rowId}`);
    return { before: rows[index]?.position ?? null, after: rows[index + 1]?.position ?? null };
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
      const text = blocks.get(blockId);
      const previous = this.rowsOfBlock.get(blockId);
      if (previous) {
        for (const id of previous) {
          this.base.delete(id);
          touched.add(id);
        }
        this.rowsOfBlock.delete(blockId);
      }
      if (text !== undefined) for (const id of this.addBlock(blockId, text)) touched.add(id);
    }
    const cells = cellsMap(this.doc);
    for (const key of changedKeys(transaction, cells) ?? []) {
      if (key === null) continue;
      const rowId = cells.has(key) ? this.setOverride(key, cells.get(key) ?? null) : this.clearOverride(key);
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

  private addBlock(blockId: string, text: string): RowId[] {
    let block: Block;
    try {
      block = JSON.parse(text) as Block;
    } catch {
      return []; // The server refuses malformed blocks; an old or foreign one is ignored, not fatal.
    }
    const ids: RowId[] = [];
    for (const [id, position, ...values] of block.rows) {
      const cells: Record<ColumnId, CellValue> = {};
      block.columns.forEach((column, i) => {
        cells[column] = values[i] ?? null;
      });
      this.base.set(id, { position, cells });
      ids.push(id);
    }
    this.rowsOfBlock.set(blockId, ids);
    return ids;
  }

  private setOverride(key: string, value: CellValue): RowId | null {
    const parts = splitCellKey(key);
    if (!parts) return null;
    const [rowId, columnId] = parts;
    let map = this.overrides.get(rowId);
    if (!map) {
      map = new Map();
      this.overrides.set(rowId, map);
    }
    map.set(columnId, value);
    return rowId;
  }

  private clearOverride(key: string): RowId | null {
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
    if (!base) return null;
    const overrides = this.overrides.get(id);
    if (!overrides) return { id, position: base.position, cells: base.cells };
    if (overrides.get(DELETED) === true) return null;
    const cells = { ...base.cells };
    let position = base.position;
    for (const [columnId, value] of overrides) {
      if (columnId === POSITION) {
        if (typeof value === "string") position = value;
      } else if (columnId !== DELETED) cells[columnId as ColumnId] = value;
    }
    return { id, position, cells };
  }
}

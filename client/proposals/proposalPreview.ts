/**
 * What a contributor sees while suggesting changes: the live dataset with their proposal laid over
 * it, without a copy of the dataset. `view` reads the live DatasetView's rows and puts in their
 * place only the rows the proposal touches (the live row with the proposed values over it) and the
 * proposed rows; live changes pass through as they arrive (a touched row is laid over again), and a
 * change of the proposal is told to the grid as the rows it changes. So the memory it costs is that
 * of the proposal, whatever the size of the dataset. The proposal document itself holds only the
 * changes (shared/proposal).
 */
import type * as Y from "yjs";
import {
  byPosition,
  type CellValue,
  type DatasetView,
  gapAfterRow,
  positionsBetween,
  type Row,
  type RowsView,
  type ViewChange,
} from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import {
  type CellChange,
  type NewRowChange,
  onProposalChange,
  type ProposalContent,
  proposalEntryCount,
  readProposal,
} from "../../shared/proposal/index.ts";

const OVERLAY = { source: "proposal-overlay" } as const;

/** Which cells and rows the proposal changes, for highlighting. */
export type ProposalMarks = {
  cell(rowId: string, columnId: string): boolean;
  row(rowId: string): "added" | "deleted" | null;
  /** Changes held: changed cells, new rows, deleted rows. */
  count: number;
  /** Entries the server counts against its limit (P15): as count, plus one for each value of a new row. */
  entries: number;
};

const keyOf = (rowId: string, columnId: string) => `${rowId}:${columnId}`;

export class ProposalPreview {
  readonly view: RowsView;
  readonly live: { doc: Y.Doc; view: DatasetView };
  readonly proposal: Y.Doc;
  private content: ProposalContent = { cells: [], newRows: [], deletions: [] };
  private cellsByRow = new Map<RowId, CellChange[]>();
  private newRowsById = new Map<RowId, NewRowChange>();
  /** The rows the proposal touches, as shown (live rows it changes, and its new rows). */
  private shown = new Map<RowId, Row>();
  private ordered: readonly Row[] | null = null;
  /** Where a new row without a position of its own is shown (at the end, as it was when first seen). */
  private readonly endPositions = new Map<RowId, string>();
  private readonly listeners = new Set<() => void>();
  private readonly viewListeners = new Set<(change: ViewChange) => void>();
  private readonly stop: () => void;

  constructor(live: { doc: Y.Doc; view: DatasetView }, proposal: Y.Doc) {
    this.live = live;
    this.proposal = proposal;
    this.read();
    for (const id of this.touchedIds()) {
      const row = this.layOver(id);
      if (row) this.shown.set(id, row);
    }
    const offLive = live.view.onChange((change) => this.liveChanged(change));
    const offProposal = onProposalChange(proposal, () => this.proposalChanged());
    this.stop = () => {
      offLive();
      offProposal();
    };
    this.view = this.rowsView();
  }

  destroy(): void {
    this.stop();
    this.listeners.clear();
    this.viewListeners.clear();
  }

  /** Called after the proposal's changes (and so the marks) changed. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changes(): ProposalContent {
    return this.content;
  }

  get marks(): ProposalMarks {
    const cells = new Set(this.content.cells.map((c) => keyOf(c.rowId, c.columnId)));
    const added = new Set<string>(this.content.newRows.map((r) => r.rowId));
    const deleted = new Set<string>(this.content.deletions.map((d) => d.rowId));
    return {
      cell: (rowId, columnId) => cells.has(keyOf(rowId, columnId)) || added.has(rowId),
      row: (rowId) => (added.has(rowId) ? "added" : deleted.has(rowId) ? "deleted" : null),
      count: cells.size + added.size + deleted.size,
      entries: proposalEntryCount(this.proposal),
    };
  }

  /** The live value of a cell (null when empty or when the row is not live). */
  liveValue(rowId: RowId, columnId: ColumnId): CellValue {
    return this.live.view.row(rowId)?.cells[columnId] ?? null;
  }

  /** The rows as the grid reads them: live ones, with the proposal's over them. */
  private rowsView(): RowsView {
    const live = this.live.view;
    const preview = this;
    const rowsInOrder = () => preview.rowsInOrder();
    return {
      get rowCount() {
        let added = 0;
        for (const id of preview.shown.keys()) if (!live.row(id)) added++;
        return live.rowCount + added;
      },
      row: (id) => preview.shown.get(id) ?? live.row(id),
      rowsInOrder,
      columns: () => live.columns(),
      onChange: (listener) => {
        preview.viewListeners.add(listener);
        return () => preview.viewListeners.delete(listener);
      },
      gapAfter: (rowId) => gapAfterRow(rowsInOrder(), rowId),
      gapAtEnd: () => gapAfterRow(rowsInOrder(), rowsInOrder().at(-1)?.id ?? null),
    };
  }

  /** Live rows in order, those the proposal touches laid over, its new rows merged in by position. */
  private rowsInOrder(): readonly Row[] {
    if (this.ordered) return this.ordered;
    const live = this.live.view;
    const added = [...this.shown.values()].filter((row) => !live.row(row.id)).sort(byPosition);
    const rows: Row[] = [];
    let next = 0;
    for (const liveRow of live.rowsInOrder()) {
      const row = this.shown.get(liveRow.id) ?? liveRow;
      while (next < added.length && byPosition(added[next] as Row, row) < 0) rows.push(added[next++] as Row);
      rows.push(row);
    }
    while (next < added.length) rows.push(added[next++] as Row);
    this.ordered = rows;
    return rows;
  }

  private read(): void {
    this.content = readProposal(this.proposal);
    this.cellsByRow = new Map();
    for (const cell of this.content.cells) {
      const list = this.cellsByRow.get(cell.rowId);
      if (list) list.push(cell);
      else this.cellsByRow.set(cell.rowId, [cell]);
    }
    this.newRowsById = new Map(this.content.newRows.map((row) => [row.rowId, row]));
  }

  private touchedIds(): Set<RowId> {
    return new Set([...this.newRowsById.keys(), ...this.cellsByRow.keys()]);
  }

  /** A row as shown: the live row (or the proposed one) with the proposed values over it; undefined if neither. */
  private layOver(id: RowId): Row | undefined {
    const liveRow = this.live.view.row(id);
    const proposed = this.newRowsById.get(id);
    const cells = this.cellsByRow.get(id);
    if (!proposed && !cells) return liveRow;
    const row = liveRow ?? (proposed ? { id, position: proposed.position ?? this.endPosition(id), cells: {} } : null);
    if (!row) return undefined; // a change to a row deleted meanwhile: the live data has no such row to show
    const over: Record<ColumnId, CellValue> = { ...row.cells, ...proposed?.cells };
    for (const cell of cells ?? []) over[cell.columnId] = cell.value;
    return { ...row, cells: over };
  }

  /** A live change, passed on with the rows the proposal touches laid over again. */
  private liveChanged(change: ViewChange): void {
    if (change.added.length + change.updated.length + change.removed.length > 0) this.ordered = null;
    // A live row arriving under the id of a proposed one the grid already shows: the same row to it.
    const inGrid = new Set(change.added.filter((row) => this.shown.has(row.id)).map((row) => row.id));
    const touched = this.touchedIds();
    for (const id of [...change.added.map((r) => r.id), ...change.updated.map((r) => r.id), ...change.removed]) {
      if (!touched.has(id)) continue;
      const row = this.layOver(id);
      if (row) this.shown.set(id, row);
      else this.shown.delete(id);
    }
    const shownRow = (row: Row) => this.shown.get(row.id) ?? row;
    this.emit({
      ...change,
      added: change.added.filter((row) => !inGrid.has(row.id)).map(shownRow),
      updated: [...change.updated, ...change.added.filter((row) => inGrid.has(row.id))].map(shownRow),
      removed: change.removed.filter((id) => !this.shown.has(id)),
    });
  }

  /** The proposal changed: the rows whose shown values differ are told to the grid. */
  private proposalChanged(): void {
    const before = this.shown;
    const previous = this.content;
    this.read();
    const ids = new Set([...before.keys(), ...this.touchedIds()]);
    const live = this.live.view;
    const next = new Map<RowId, Row>();
    const added: Row[] = [];
    const updated: Row[] = [];
    const removed: RowId[] = [];
    const touched = this.touchedIds();
    for (const id of ids) {
      const was = before.get(id) ?? live.row(id);
      let now = touched.has(id) ? this.layOver(id) : live.row(id);
      if (now && was && sameRow(was, now)) now = was;
      if (now && touched.has(id)) next.set(id, now);
      if (!was && now) added.push(now);
      else if (was && !now) removed.push(id);
      else if (was && now && was !== now) updated.push(now);
    }
    this.shown = next;
    if (added.length + updated.length + removed.length > 0) {
      this.ordered = null;
      this.emit({ added, updated, removed, columnsChanged: false, metaChanged: false, origin: OVERLAY, local: true });
    }
    if (JSON.stringify(previous) !== JSON.stringify(this.content)) for (const listener of this.listeners) listener();
  }

  private emit(change: ViewChange): void {
    for (const listener of this.viewListeners) listener(change);
  }

  private endPosition(rowId: RowId): string {
    let position = this.endPositions.get(rowId);
    if (!position) {
      const rows = this.live.view.rowsInOrder();
      [position = ""] = positionsBetween(rows[rows.length - 1]?.position ?? null, null, 1);
      this.endPositions.set(rowId, position);
    }
    return position;
  }
}

function sameRow(a: Row, b: Row): boolean {
  if (a.id !== b.id || a.position !== b.position) return false;
  const keys = Object.keys(a.cells);
  if (keys.length !== Object.keys(b.cells).length) return false;
  return keys.every((k) => a.cells[k as ColumnId] === b.cells[k as ColumnId]);
}

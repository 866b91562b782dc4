/**
 * What a contributor sees while suggesting changes: the live dataset with their proposal laid over
 * it, in a preview document that lives only in this tab (never stored, never sent). Live updates
 * flow into it as they arrive; the proposal's values are written over them after each change on
 * either side, so the grid (which reads a DatasetView) shows both, and the live data keeps
 * updating underneath. The proposal document itself holds only the changes (shared/proposal).
 */
import * as Y from "yjs";
import {
  type CellEdit,
  type CellValue,
  DatasetView,
  DELETED,
  POSITION,
  positionsBetween,
  restoreRows,
  setCells,
} from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { onProposalChange, type ProposalContent, readProposal } from "../../shared/proposal/index.ts";

const LIVE = { source: "live-dataset" } as const;
const OVERLAY = { source: "proposal-overlay" } as const;

/** Which cells and rows the proposal changes, for highlighting. */
export type ProposalMarks = {
  cell(rowId: string, columnId: string): boolean;
  row(rowId: string): "added" | "deleted" | null;
  /** Changes held: changed cells, new rows, deleted rows. */
  count: number;
};

const keyOf = (rowId: string, columnId: string) => `${rowId}:${columnId}`;

export class ProposalPreview {
  readonly doc = new Y.Doc();
  readonly view: DatasetView;
  private applied = new Map<string, CellEdit>();
  /** Where a new row without a position of its own is shown (at the end, as it was when first seen). */
  private readonly endPositions = new Map<RowId, string>();
  private content: ProposalContent = { cells: [], newRows: [], deletions: [] };
  private readonly listeners = new Set<() => void>();
  private readonly stop: () => void;
  readonly live: { doc: Y.Doc; view: DatasetView };
  readonly proposal: Y.Doc;

  constructor(live: { doc: Y.Doc; view: DatasetView }, proposal: Y.Doc) {
    this.live = live;
    this.proposal = proposal;
    Y.applyUpdate(this.doc, Y.encodeStateAsUpdate(live.doc), LIVE);
    this.view = new DatasetView(this.doc);
    const onLiveUpdate = (update: Uint8Array) => {
      Y.applyUpdate(this.doc, update, LIVE);
      this.sync();
    };
    live.doc.on("update", onLiveUpdate);
    const offProposal = onProposalChange(proposal, () => this.sync());
    this.stop = () => {
      live.doc.off("update", onLiveUpdate);
      offProposal();
    };
    this.sync();
  }

  destroy(): void {
    this.stop();
    this.view.destroy();
    this.doc.destroy();
    this.listeners.clear();
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
    };
  }

  /** The live value of a cell (null when empty or when the row is not live). */
  liveValue(rowId: RowId, columnId: ColumnId): CellValue {
    return this.live.view.row(rowId)?.cells[columnId] ?? null;
  }

  /** Writes into the preview whatever differs from live data + proposal; undoes what the proposal no longer holds. */
  private sync(): void {
    const content = readProposal(this.proposal);
    const desired = new Map<string, CellEdit>();
    const want = (rowId: RowId, columnId: ColumnId, value: CellValue) =>
      desired.set(keyOf(rowId, columnId), { rowId, columnId, value });
    for (const row of content.newRows) {
      want(row.rowId, POSITION as ColumnId, row.position ?? this.endPosition(row.rowId));
      for (const [columnId, value] of Object.entries(row.cells)) want(row.rowId, columnId as ColumnId, value);
    }
    for (const cell of content.cells) want(cell.rowId, cell.columnId, cell.value);

    const edits: CellEdit[] = [];
    const revived: RowId[] = [];
    for (const edit of desired.values()) {
      const row = this.view.row(edit.rowId);
      if (!row && edit.columnId === POSITION && this.applied.has(keyOf(edit.rowId, POSITION))) revived.push(edit.rowId);
      const now = edit.columnId === POSITION ? row?.position : row?.cells[edit.columnId];
      if ((now ?? null) !== edit.value) edits.push(edit);
    }
    for (const [key, edit] of this.applied) {
      if (desired.has(key)) continue;
      if (edit.columnId === POSITION) edits.push({ rowId: edit.rowId, columnId: DELETED as ColumnId, value: true });
      else if (this.live.view.row(edit.rowId))
        edits.push({ ...edit, value: this.liveValue(edit.rowId, edit.columnId) });
    }
    this.doc.transact(() => {
      if (revived.length) restoreRows(this.doc, revived, OVERLAY);
      setCells(this.doc, edits, OVERLAY);
    }, OVERLAY);
    this.applied = desired;
    const changed = JSON.stringify(content) !== JSON.stringify(this.content);
    this.content = content;
    if (changed) for (const listener of this.listeners) listener();
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

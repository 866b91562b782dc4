/**
 * The dataset table: AG Grid bound to the Yjs document through DatasetView.
 *
 * - The grid never changes data itself (readOnlyEdit): an edit request is parsed for its column and
 *   written with setCells under LOCAL_ORIGIN; the resulting view change, local or remote, reaches the
 *   grid as an async transaction keyed by row id.
 * - Row order is the stored position (a hidden, sorted column); sorting by another column and
 *   filtering are this person's own view and change nothing in the document.
 * - Row dragging is unmanaged: dropping writes a new position between the neighbours.
 * - Copy and paste are our own (AG Grid's clipboard is Enterprise): TSV blocks in and out.
 */
import {
  AllCommunityModule,
  type CellEditRequestEvent,
  type CellFocusedEvent,
  type ColDef,
  type ColumnMovedEvent,
  type GridApi,
  type GridReadyEvent,
  type GridState,
  ModuleRegistry,
  type RowDragEndEvent,
  themeQuartz,
} from "ag-grid-community";
import { AgGridReact } from "ag-grid-react";
import { type ClipboardEvent, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  addRows,
  type Column,
  deleteRows,
  moveColumn,
  moveRows,
  parseCell,
  type Row,
  setCells,
  type ViewChange,
} from "../../shared/dataset/index.ts";
import type { ColumnId, RowId } from "../../shared/ids.ts";
import { type DatasetSession, LOCAL_ORIGIN } from "../collab/datasetSession.ts";
import { cursorKey, publishCursor, readPeers } from "../collab/presence.ts";
import { currentLocale } from "../i18n/index.ts";
import { ColumnsDialog } from "./ColumnsDialog.tsx";
import {
  type ColumnContext,
  dataColumnDef,
  handleColumnDef,
  POSITION_COLUMN,
  positionColumnDef,
} from "./columnDefs.ts";
import { gridLocaleText } from "./gridLocale.ts";
import { cellText, movedColumn, planPaste } from "./gridOps.ts";
import { parseTsv, toTsv } from "./tsv.ts";

ModuleRegistry.registerModules([AllCommunityModule]);

const theme = themeQuartz.withParams({
  fontFamily: "inherit",
  fontSize: 14,
  headerFontWeight: 600,
  accentColor: "#1f5f8b",
  rowHeight: 36,
  headerHeight: 40,
});

export type DatasetGridProps = {
  session: DatasetSession;
  /** Edit cells and rows (editor or more). */
  canEditCells: boolean;
  /** Change columns (editor or more, as a member: never through openness). */
  canEditStructure: boolean;
};

/** From this many rows added in one change on, the grid reloads its rows instead of applying a transaction. */
const BULK_ROWS = 5000;

export function DatasetGrid({ session, canEditCells, canEditStructure }: DatasetGridProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? "en";
  const apiRef = useRef<GridApi<Row> | null>(null);
  const gridStateRef = useRef<GridState | undefined>(undefined);
  const cursorsRef = useRef(new Map<string, { color: string; name: string }>());
  const [columns, setColumns] = useState<readonly Column[]>(() => session.view.columns());
  const [rowCount, setRowCount] = useState(session.view.rowCount);
  const [quickFilter, setQuickFilter] = useState("");
  const [manualOrder, setManualOrder] = useState(true);
  const [message, setMessage] = useState("");
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);
  const [columnsOpen, setColumnsOpen] = useState(false);
  const announce = useCallback((text: string) => setMessage(text), []);
  const [editError, setEditError] = useState<string | null>(null);
  // Called from inside the grid's editor checks: deferred so React state never changes mid-render.
  const reportValidation = useCallback((text: string | null) => queueMicrotask(() => setEditError(text)), []);

  // Columns and row count follow the document.
  useEffect(() => {
    return session.view.onChange((change) => {
      if (change.columnsChanged) setColumns(session.view.columns());
      if (change.added.length || change.removed.length) setRowCount(session.view.rowCount);
    });
  }, [session]);

  // Undo/redo availability.
  useEffect(() => {
    const update = () => {
      setCanUndo(session.undo.canUndo());
      setCanRedo(session.undo.canRedo());
    };
    session.undo.on("stack-item-added", update);
    session.undo.on("stack-item-popped", update);
    session.undo.on("stack-cleared", update);
    return () => {
      session.undo.off("stack-item-added", update);
      session.undo.off("stack-item-popped", update);
      session.undo.off("stack-cleared", update);
    };
  }, [session]);

  // Other people's selected cells.
  useEffect(() => {
    const awareness = session.provider.awareness;
    if (!awareness) return;
    const onChange = () => {
      const before = cursorsRef.current;
      const after = new Map<string, { color: string; name: string }>();
      for (const peer of readPeers(session.provider)) {
        if (!peer.self && peer.cursor) after.set(cursorKey(peer.cursor.rowId, peer.cursor.columnId), peer.user);
      }
      cursorsRef.current = after;
      const api = apiRef.current;
      if (!api) return;
      const rowIds = new Set<string>();
      for (const key of [...before.keys(), ...after.keys()]) rowIds.add(key.split("\u0000")[0] as string);
      const rowNodes = [...rowIds].map((id) => api.getRowNode(id)).filter((n) => n !== undefined);
      if (rowNodes.length) api.refreshCells({ rowNodes, force: true });
    };
    awareness.on("change", onChange);
    return () => awareness.off("change", onChange);
  }, [session]);

  // This person's selected block of cells: from an anchor to the focused cell, grown with Shift.
  const blockRef = useRef<{ anchor: CellPosition; end: CellPosition } | null>(null);
  const boundsRef = useRef<Bounds | null>(null);
  const shiftRef = useRef(false);
  const inBlock = useCallback((rowIndex: number | null, columnId: string) => {
    const b = boundsRef.current;
    return b !== null && rowIndex !== null && rowIndex >= b.top && rowIndex <= b.bottom && b.columns.has(columnId);
  }, []);

  const cursorAt = useCallback(
    (rowId: string, columnId: string) => cursorsRef.current.get(cursorKey(rowId, columnId)),
    [],
  );

  // Formats and words follow the language: the locale is an input of the definitions.
  const locale = currentLocale();
  const columnDefs = useMemo<ColDef<Row>[]>(() => {
    const access = { canEditCells, canEditStructure };
    return [
      positionColumnDef(),
      ...(canEditCells ? [handleColumnDef(t)] : []),
      ...columns.map((c) => dataColumnDef(c, t, locale, { ...access, cursorAt, inBlock, report: reportValidation })),
    ];
  }, [columns, t, cursorAt, inBlock, locale, canEditCells, canEditStructure, reportValidation]);

  const [api, setApi] = useState<GridApi<Row> | null>(null);
  const onGridReady = useCallback((event: GridReadyEvent<Row>) => {
    apiRef.current = event.api;
    setApi(event.api);
  }, []);

  // Rows follow the document: the current rows first, then every change as an async transaction.
  useEffect(() => {
    if (!api || api.isDestroyed()) return;
    api.setGridOption("rowData", [...session.view.rowsInOrder()]);
    return session.view.onChange((change: ViewChange) => {
      if (api.isDestroyed()) return;
      if (!change.added.length && !change.updated.length && !change.removed.length) return;
      // A first sync brings the whole dataset in one change: giving AG Grid all rows at once is far
      // cheaper than a transaction adding tens of thousands of them.
      if (change.added.length >= BULK_ROWS) {
        api.flushAsyncTransactions();
        api.setGridOption("rowData", [...session.view.rowsInOrder()]);
        return;
      }
      api.applyTransactionAsync(
        { add: change.added, update: change.updated, remove: change.removed.map((id) => ({ id }) as Row) },
        // Someone else's edits flash briefly, so they are noticed.
        (result) => {
          if (!change.local && result.update.length > 0 && result.update.length < 50 && !api.isDestroyed()) {
            api.flashCells({ rowNodes: result.update });
          }
        },
      );
    });
  }, [api, session]);

  const onCellEditRequest = useCallback(
    (event: CellEditRequestEvent<Row>) => {
      const context = event.colDef.context as ColumnContext | undefined;
      if (!context || !event.data) return;
      const parsed = parseCell(context.column, (event.newValue ?? null) as string | null, { locale });
      if (!parsed.ok) {
        announce(t("dataset.refused", { message: t(`cellError.${parsed.error}`) }));
        return;
      }
      if ((event.data.cells[context.column.id] ?? null) === parsed.value) return;
      setCells(session.doc, [{ rowId: event.data.id, columnId: context.column.id, value: parsed.value }], LOCAL_ORIGIN);
    },
    [session, t, announce, locale],
  );

  const onCellFocused = useCallback(
    (event: CellFocusedEvent<Row>) => {
      const api = apiRef.current;
      const column = typeof event.column === "object" && event.column ? event.column.getColId() : null;
      const node = event.rowIndex !== null && api ? api.getDisplayedRowAtIndex(event.rowIndex) : undefined;
      if (column && node?.data && !column.startsWith("__")) {
        publishCursor(session.provider, { rowId: node.data.id, columnId: column });
      } else publishCursor(session.provider, null);
      if (!api || event.rowIndex === null || !column) return;
      const position = { rowIndex: event.rowIndex, columnId: column };
      const block = blockRef.current;
      blockRef.current =
        shiftRef.current && block ? { anchor: block.anchor, end: position } : { anchor: position, end: position };
      const before = boundsRef.current;
      boundsRef.current = blockBounds(api, blockRef.current);
      if (before || boundsRef.current) api.refreshCells({ force: true });
    },
    [session],
  );

  const onSortChanged = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    const sorted = api.getColumnState().filter((c) => c.sort);
    if (sorted.length === 0) {
      // Back to no sort: the manual order is the stored position.
      api.applyColumnState({ state: [{ colId: POSITION_COLUMN, sort: "asc" }] });
      return;
    }
    setManualOrder(sorted.length === 1 && sorted[0]?.colId === POSITION_COLUMN);
  }, []);

  const backToManualOrder = useCallback(() => {
    apiRef.current?.applyColumnState({
      state: [{ colId: POSITION_COLUMN, sort: "asc" }],
      defaultState: { sort: null },
    });
  }, []);

  const onRowDragEnd = useCallback(
    (event: RowDragEndEvent<Row>) => {
      const over = event.overNode?.data;
      const moving = (event.nodes.length ? event.nodes : [event.node])
        .map((n) => n.data)
        .filter((d) => d !== undefined);
      if (!over || moving.some((r) => r.id === over.id)) return;
      const from = event.node.rowIndex ?? 0;
      const to = event.overIndex;
      moveRowsTo(
        session,
        moving.map((r) => r.id),
        to > from ? over.id : rowBefore(session, over.id),
      );
    },
    [session],
  );

  const onColumnMoved = useCallback(
    (event: ColumnMovedEvent<Row>) => {
      if (!event.finished || (event.source !== "uiColumnMoved" && event.source !== "uiColumnDragged")) return;
      const api = apiRef.current;
      if (!api) return;
      const displayed = api
        .getAllGridColumns()
        .map((c) => (c.getColDef().context as ColumnContext | undefined)?.column.id as string | undefined)
        .filter((id) => id !== undefined);
      const model = session.view.columns().map((c) => c.id as string);
      const move = movedColumn(model, displayed);
      if (move) moveColumn(session.doc, move.id as ColumnId, move.after as ColumnId | null, LOCAL_ORIGIN);
    },
    [session],
  );

  // --- Toolbar actions ---------------------------------------------------------------------

  const focusRow = useCallback((rowId: RowId) => {
    const api = apiRef.current;
    if (!api) return;
    api.flushAsyncTransactions();
    const node = api.getRowNode(rowId);
    const first = api
      .getAllDisplayedColumns()
      .find((c) => (c.getColDef().context as ColumnContext | undefined)?.column);
    if (node?.rowIndex == null || !first) return;
    api.ensureIndexVisible(node.rowIndex);
    api.setFocusedCell(node.rowIndex, first);
  }, []);

  const addRow = useCallback(() => {
    const [id] = addRows(session.doc, [{ cells: {} }], session.view.gapAtEnd(), LOCAL_ORIGIN);
    if (id) focusRow(id);
  }, [session, focusRow]);

  const insertRowBelow = useCallback(() => {
    const focused = focusedRowId(apiRef.current);
    const gap = focused ? session.view.gapAfter(focused) : session.view.gapAtEnd();
    const [id] = addRows(session.doc, [{ cells: {} }], gap, LOCAL_ORIGIN);
    if (id) focusRow(id);
  }, [session, focusRow]);

  const deleteSelectedRows = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    let ids = api.getSelectedRows().map((r) => r.id);
    if (ids.length === 0) {
      const focused = focusedRowId(api);
      if (focused) ids = [focused];
    }
    if (ids.length === 0) return;
    deleteRows(session.doc, ids, LOCAL_ORIGIN);
    api.deselectAll();
    announce(t("dataset.rowsDeleted", { count: ids.length }));
  }, [session, announce, t]);

  const undo = useCallback(() => session.undo.undo(), [session]);
  const redo = useCallback(() => session.undo.redo(), [session]);

  // --- Keyboard, copy and paste on the grid ----------------------------------------------------

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const api = apiRef.current;
      shiftRef.current = event.shiftKey;
      if (!api || api.getEditingCells().length > 0) return;
      if (event.shiftKey && !event.altKey && ARROWS[event.key]) {
        // Shift+arrow grows the block (AG Grid Community has no range selection of its own).
        const focused = api.getFocusedCell();
        const columnsShown = displayedDataColumns(api).map((c) => c.id as string);
        if (!focused) return;
        const [dr, dc] = ARROWS[event.key] as [number, number];
        const col = columnsShown.indexOf(focused.column.getColId()) + dc;
        const row = focused.rowIndex + dr;
        event.preventDefault();
        event.stopPropagation();
        if (col < 0 || col >= columnsShown.length || row < 0 || row >= api.getDisplayedRowCount()) return;
        api.ensureIndexVisible(row);
        api.setFocusedCell(row, columnsShown[col] as string);
        return;
      }
      if (!canEditCells) return;
      if ((event.key === "Delete" || event.key === "Backspace") && boundsRef.current) {
        // Clears every cell of the block in one step.
        event.preventDefault();
        event.stopPropagation();
        const b = boundsRef.current;
        const edits = [];
        for (let r = b.top; r <= b.bottom; r++) {
          const row = api.getDisplayedRowAtIndex(r)?.data;
          if (!row) continue;
          for (const columnId of b.columns) {
            if ((row.cells[columnId as ColumnId] ?? null) !== null)
              edits.push({ rowId: row.id, columnId: columnId as ColumnId, value: null });
          }
        }
        setCells(session.doc, edits, LOCAL_ORIGIN);
        return;
      }
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && key === "z" && !event.shiftKey) {
        event.preventDefault();
        undo();
      } else if (mod && (key === "y" || (key === "z" && event.shiftKey))) {
        event.preventDefault();
        redo();
      } else if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown") && manualOrder) {
        const focused = api.getFocusedCell();
        const node = focused ? api.getDisplayedRowAtIndex(focused.rowIndex) : undefined;
        if (!focused || !node?.data) return;
        event.preventDefault();
        event.stopPropagation();
        const neighbour = api.getDisplayedRowAtIndex(focused.rowIndex + (event.key === "ArrowUp" ? -1 : 1));
        if (!neighbour?.data) return;
        const after = event.key === "ArrowDown" ? neighbour.data.id : rowBefore(session, neighbour.data.id);
        moveRowsTo(session, [node.data.id], after);
        api.flushAsyncTransactions();
        const index = api.getRowNode(node.data.id)?.rowIndex;
        if (index != null) api.setFocusedCell(index, focused.column);
      }
    },
    [session, undo, redo, manualOrder, canEditCells],
  );

  const onCopy = useCallback(
    (event: ClipboardEvent<HTMLDivElement>) => {
      const api = apiRef.current;
      if (!api || api.getEditingCells().length > 0) return;
      const dataColumns = displayedDataColumns(api);
      const selected: Row[] = [];
      api.forEachNodeAfterFilterAndSort((node) => {
        if (node.isSelected() && node.data) selected.push(node.data);
      });
      let block: string[][];
      const bounds = boundsRef.current;
      if (bounds) {
        const blockColumns = dataColumns.filter((c) => bounds.columns.has(c.id));
        block = [];
        for (let r = bounds.top; r <= bounds.bottom; r++) {
          const row = api.getDisplayedRowAtIndex(r)?.data;
          if (row) block.push(blockColumns.map((c) => cellText(row.cells[c.id] ?? null)));
        }
      } else if (selected.length > 0) {
        block = [
          dataColumns.map((c) => c.name),
          ...selected.map((row) => dataColumns.map((c) => cellText(row.cells[c.id] ?? null))),
        ];
      } else {
        const focused = api.getFocusedCell();
        const node = focused ? api.getDisplayedRowAtIndex(focused.rowIndex) : undefined;
        const column = dataColumns.find((c) => c.id === focused?.column.getColId());
        if (!node?.data || !column) return;
        block = [[cellText(node.data.cells[column.id] ?? null)]];
      }
      event.preventDefault();
      event.clipboardData.setData("text/plain", toTsv(block));
      const cells = block.length * (block[0]?.length ?? 0) - (!bounds && selected.length > 0 ? dataColumns.length : 0);
      announce(t("dataset.copied", { count: cells }));
    },
    [announce, t],
  );

  const onPaste = useCallback(
    (event: ClipboardEvent<HTMLDivElement>) => {
      const api = apiRef.current;
      if (!api || !canEditCells || api.getEditingCells().length > 0) return;
      const focused = api.getFocusedCell();
      if (!focused) return;
      const dataColumns = displayedDataColumns(api);
      const bounds = boundsRef.current;
      const startColumn = bounds
        ? dataColumns.findIndex((c) => bounds.columns.has(c.id))
        : dataColumns.findIndex((c) => c.id === focused.column.getColId());
      const startRow = bounds ? bounds.top : focused.rowIndex;
      if (startColumn < 0) return;
      const block = parseTsv(event.clipboardData.getData("text/plain"));
      if (block.length === 0) return;
      event.preventDefault();
      const rows: Row[] = [];
      api.forEachNodeAfterFilterAndSort((node) => {
        if (node.data) rows.push(node.data);
      });
      const plan = planPaste(block, rows, dataColumns, startRow, startColumn, locale);
      session.doc.transact(() => {
        setCells(session.doc, plan.edits, LOCAL_ORIGIN);
        addRows(session.doc, plan.newRows, session.view.gapAtEnd(), LOCAL_ORIGIN);
      }, LOCAL_ORIGIN);
      session.undo.stopCapturing();
      const parts = [t("dataset.pasted", { count: plan.written })];
      if (plan.newRows.length) parts.push(t("dataset.pasteAddedRows", { count: plan.newRows.length }));
      if (plan.kept && plan.firstMismatch) {
        parts.push(t("dataset.pasteKept", { count: plan.kept, message: t(`cellError.${plan.firstMismatch}`) }));
      }
      if (plan.refused && plan.firstError) {
        parts.push(t("dataset.pasteRefused", { count: plan.refused, message: t(`cellError.${plan.firstError}`) }));
      }
      if (plan.tooWide) parts.push(t("dataset.pasteTooWide"));
      announce(parts.join(" "));
    },
    [session, announce, t, canEditCells, locale],
  );

  const localeText = useMemo(() => gridLocaleText(language), [language]);

  return (
    <div className="dataset-workspace">
      <div className="toolbar" role="toolbar" aria-label={t("dataset.toolbar")}>
        <div className="search">
          <label htmlFor="quick-search">{t("dataset.search")}</label>
          <input
            id="quick-search"
            type="search"
            value={quickFilter}
            placeholder={t("dataset.searchPlaceholder")}
            onChange={(e) => setQuickFilter(e.target.value)}
          />
        </div>
        {canEditCells && (
          <>
            <button type="button" onClick={addRow}>
              {t("dataset.addRow")}
            </button>
            <button type="button" onClick={insertRowBelow}>
              {t("dataset.insertRow")}
            </button>
            <button type="button" onClick={deleteSelectedRows} title={t("dataset.deleteRowsHint")}>
              {t("dataset.deleteRows")}
            </button>
            <button type="button" onClick={undo} disabled={!canUndo} aria-keyshortcuts="Control+Z">
              {t("dataset.undo")}
            </button>
            <button type="button" onClick={redo} disabled={!canRedo} aria-keyshortcuts="Control+Y">
              {t("dataset.redo")}
            </button>
          </>
        )}
        {canEditStructure && (
          <button type="button" onClick={() => setColumnsOpen(true)} aria-haspopup="dialog">
            {t("dataset.columns")}
          </button>
        )}
        {!canEditCells && <span className="muted">{t("dataset.readOnly")}</span>}
        {!manualOrder && (
          <button type="button" onClick={backToManualOrder} title={t("dataset.sortedHint")}>
            {t("dataset.resetOrder")}
          </button>
        )}
        <span className="row-count">{t("dataset.rows", { count: rowCount })}</span>
      </div>
      <p className="grid-message" role="status" aria-live="polite" data-testid="grid-message">
        {editError ? (
          <span className="error" data-testid="edit-error">
            {editError}
          </span>
        ) : (
          message
        )}
      </p>
      <div
        className="grid-wrapper"
        data-testid="dataset-grid"
        onKeyDownCapture={onKeyDown}
        onMouseDownCapture={(e) => {
          shiftRef.current = e.shiftKey;
        }}
        onCopy={onCopy}
        onPaste={onPaste}
      >
        <AgGridReact<Row>
          key={language}
          theme={theme}
          localeText={localeText}
          initialState={gridStateRef.current}
          onGridPreDestroyed={(e) => {
            gridStateRef.current = e.api.getState();
          }}
          columnDefs={columnDefs}
          defaultColDef={{ resizable: true, sortable: true, suppressHeaderMenuButton: false }}
          getRowId={(p) => p.data.id}
          onGridReady={onGridReady}
          readOnlyEdit
          onCellEditRequest={onCellEditRequest}
          invalidEditValueMode="block"
          onCellFocused={onCellFocused}
          onCellEditingStopped={() => setEditError(null)}
          onSortChanged={onSortChanged}
          onColumnMoved={onColumnMoved}
          rowDragManaged={false}
          suppressRowDrag={!manualOrder || !canEditCells}
          onRowDragEnd={onRowDragEnd}
          rowSelection={
            canEditCells
              ? { mode: "multiRow", checkboxes: true, headerCheckbox: true, enableClickSelection: false }
              : undefined
          }
          selectionColumnDef={{ pinned: "left", width: 44, minWidth: 44, maxWidth: 44 }}
          quickFilterText={quickFilter}
          cacheQuickFilter
          deltaSort
          asyncTransactionWaitMillis={30}
          stopEditingWhenCellsLoseFocus
          enterNavigatesVerticallyAfterEdit
          tooltipShowDelay={300}
          animateRows={false}
        />
      </div>
      <details className="keyboard-help">
        <summary>{t("dataset.keyboardTitle")}</summary>
        <p>{t("dataset.keyboardHelp")}</p>
      </details>
      {columnsOpen && canEditStructure && <ColumnsDialog session={session} onClose={() => setColumnsOpen(false)} />}
    </div>
  );
}

type CellPosition = { rowIndex: number; columnId: string };
/** A selected block of more than one cell: displayed rows top..bottom, and a set of column ids. */
type Bounds = { top: number; bottom: number; columns: Set<string> };

const ARROWS: Record<string, [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

function blockBounds(api: GridApi<Row>, block: { anchor: CellPosition; end: CellPosition } | null): Bounds | null {
  if (!block) return null;
  const ids = displayedDataColumns(api).map((c) => c.id as string);
  const a = ids.indexOf(block.anchor.columnId);
  const b = ids.indexOf(block.end.columnId);
  if (a < 0 || b < 0) return null;
  const top = Math.min(block.anchor.rowIndex, block.end.rowIndex);
  const bottom = Math.max(block.anchor.rowIndex, block.end.rowIndex);
  if (top === bottom && a === b) return null;
  return { top, bottom, columns: new Set(ids.slice(Math.min(a, b), Math.max(a, b) + 1)) };
}

function focusedRowId(api: GridApi<Row> | null): RowId | null {
  const focused = api?.getFocusedCell();
  if (!api || !focused) return null;
  return api.getDisplayedRowAtIndex(focused.rowIndex)?.data?.id ?? null;
}

function displayedDataColumns(api: GridApi<Row>): Column[] {
  return api
    .getAllDisplayedColumns()
    .map((c) => (c.getColDef().context as ColumnContext | undefined)?.column)
    .filter((c) => c !== undefined);
}

/** The row before `rowId` in the stored order (null: it is first). */
function rowBefore(session: DatasetSession, rowId: RowId): RowId | null {
  const rows = session.view.rowsInOrder();
  const index = rows.findIndex((r) => r.id === rowId);
  return index > 0 ? (rows[index - 1]?.id ?? null) : null;
}

function moveRowsTo(session: DatasetSession, ids: RowId[], after: RowId | null): void {
  if (after !== null && ids.includes(after)) return;
  moveRows(session.doc, ids, session.view.gapAfter(after), LOCAL_ORIGIN);
}

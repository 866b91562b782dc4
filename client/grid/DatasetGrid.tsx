/**
 * The dataset table: AG Grid bound to the Yjs document through DatasetView, writing through a
 * DatasetWriter. This file puts the pieces together; each concern has its own file:
 *
 * - rows follow the view as async transactions keyed by row id (useGridRows), columns and the row
 *   count as state (useDatasetShape);
 * - the grid never changes data itself (readOnlyEdit): an edit request is parsed for its column and
 *   written (cellEditRequest);
 * - row order is the stored position, a hidden sorted column; sorting by another column and
 *   filtering are this person's own view and change nothing in the document (useRowOrder);
 * - row dragging is unmanaged: dropping writes a new position between the neighbours (rowMoves);
 * - the selected block of cells (useCellBlock), keys (useGridKeyboard), copy and paste as TSV
 *   (useClipboard; AG Grid's clipboard is Enterprise), others' cursors (usePresenceCursors);
 * - the toolbar (GridToolbar) and its row actions (useRowActions).
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
} from "ag-grid-community";
import { AgGridReact } from "ag-grid-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type * as Y from "yjs";
import type { DatasetWriter, Row, RowsView } from "../../shared/dataset/index.ts";
import type { DatasetSession } from "../collab/datasetSession.ts";
import { currentLocale } from "../i18n/index.ts";
import type { ProposalMarks } from "../proposals/proposalPreview.ts";
import { ColumnsDialog } from "./ColumnsDialog.tsx";
import { writeCellEdit } from "./cellEditRequest.ts";
import { dataColumnDef, handleColumnDef, positionColumnDef } from "./columnDefs.ts";
import { writeColumnMove } from "./columnMoves.ts";
import { FilterSummary } from "./filters/FilterSummary.tsx";
import { useShownRows } from "./filters/useShownRows.ts";
import { GridToolbar } from "./GridToolbar.tsx";
import { gridLocaleText } from "./gridLocale.ts";
import { focusedColumnId } from "./gridQueries.ts";
import { gridTheme } from "./gridTheme.ts";
import { moveDroppedRows } from "./rowMoves.ts";
import { useCellBlock } from "./useCellBlock.ts";
import { useClipboard } from "./useClipboard.ts";
import { useDatasetShape } from "./useDatasetShape.ts";
import { useGridKeyboard } from "./useGridKeyboard.ts";
import { useGridRows } from "./useGridRows.ts";
import { usePresenceCursors } from "./usePresenceCursors.ts";
import { useRowActions } from "./useRowActions.ts";
import { useRowOrder } from "./useRowOrder.ts";
import { useUndoState } from "./useUndoState.ts";

ModuleRegistry.registerModules([AllCommunityModule]);

const proposedRowClass = { added: "row-proposed-added", deleted: "row-proposed-deleted", none: undefined } as const;

export type DatasetGridProps = {
  session: DatasetSession;
  /** Where this person's edits go (the dataset itself: session.writer). */
  writer: DatasetWriter;
  /** Edit cells and rows (editor or more). */
  canEditCells: boolean;
  /** Change columns (editor or more, as a member: never through openness). */
  canEditStructure: boolean;
  /**
   * Suggesting changes: the rows shown (the live data with the proposal over it), the undo history
   * of the proposal, and which cells and rows it changes. Without it, the dataset's own.
   */
  proposal?: { view: RowsView; history: Y.UndoManager; marks: ProposalMarks };
  /** Said instead of "read only" when this person cannot edit cells. */
  readOnlyNote?: string | undefined;
};

export function DatasetGrid({
  session,
  writer,
  canEditCells,
  canEditStructure,
  proposal,
  readOnlyNote,
}: DatasetGridProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? "en";
  const { view, history } = proposal ?? { view: session.view, history: session.undo };
  const marks = proposal?.marks;
  const apiRef = useRef<GridApi<Row> | null>(null);
  const [api, setApi] = useState<GridApi<Row> | null>(null);
  const gridStateRef = useRef<GridState | undefined>(undefined);
  const { columns, rowCount } = useDatasetShape(view);
  const [quickFilter, setQuickFilter] = useState("");
  const [message, setMessage] = useState("");
  const [columnsOpen, setColumnsOpen] = useState(false);
  const announce = useCallback((text: string) => setMessage(text), []);
  const [editError, setEditError] = useState<string | null>(null);
  // Called from inside the grid's editor checks: deferred so React state never changes mid-render.
  const reportValidation = useCallback((text: string | null) => queueMicrotask(() => setEditError(text)), []);
  const { canUndo, canRedo } = useUndoState(history);
  const undo = useCallback(() => history.undo(), [history]);
  const redo = useCallback(() => history.redo(), [history]);
  const stopCapturing = useCallback(() => history.stopCapturing(), [history]);

  const { cursorAt, publish: publishCursor } = usePresenceCursors(session.provider, apiRef);
  const block = useCellBlock();
  const order = useRowOrder(apiRef);
  const rowActions = useRowActions(apiRef, view, writer, announce, t);
  useGridRows(api, view);
  const shownRows = useShownRows(api);
  // Row classes are read when rows are drawn: a proposed deletion changes no value, so redraw.
  useEffect(() => {
    if (api && marks && !api.isDestroyed()) api.redrawRows();
  }, [api, marks]);

  // Formats and words follow the language: the locale is an input of the definitions.
  const locale = currentLocale();
  const { inBlock } = block;
  const columnDefs = useMemo<ColDef<Row>[]>(() => {
    const access = { canEditCells, canEditStructure };
    return [
      positionColumnDef(),
      ...(canEditCells ? [handleColumnDef(t)] : []),
      ...columns.map((c) =>
        dataColumnDef(c, t, locale, { ...access, cursorAt, inBlock, report: reportValidation, proposed: marks?.cell }),
      ),
    ];
  }, [columns, t, cursorAt, inBlock, locale, canEditCells, canEditStructure, reportValidation, marks]);

  const onGridReady = useCallback((event: GridReadyEvent<Row>) => {
    apiRef.current = event.api;
    setApi(event.api);
  }, []);

  const onCellFocused = useCallback(
    (event: CellFocusedEvent<Row>) => {
      const api = apiRef.current;
      const column = focusedColumnId(event);
      const node = event.rowIndex !== null && api ? api.getDisplayedRowAtIndex(event.rowIndex) : undefined;
      publishCursor(
        column && node?.data && !column.startsWith("__") ? { rowId: node.data.id, columnId: column } : null,
      );
      if (!api || event.rowIndex === null || !column) return;
      block.focused(api, { rowIndex: event.rowIndex, columnId: column });
    },
    [publishCursor, block],
  );

  const onKeyDown = useGridKeyboard({
    apiRef,
    block,
    view,
    writer,
    canEditCells,
    manualOrder: order.manualOrder,
    undo,
    redo,
  });
  const { onCopy, onPaste } = useClipboard({
    apiRef,
    bounds: block.bounds,
    view,
    writer,
    stopCapturing,
    canEditCells,
    locale,
    announce,
    t,
  });

  const onCellEditRequest = useCallback(
    (event: CellEditRequestEvent<Row>) => writeCellEdit(event, writer, locale, announce, t),
    [writer, locale, announce, t],
  );
  const onColumnMoved = useCallback(
    (event: ColumnMovedEvent<Row>) => writeColumnMove(event, view, writer),
    [view, writer],
  );
  const onRowDragEnd = useCallback(
    (event: RowDragEndEvent<Row>) => moveDroppedRows(event, view, writer),
    [view, writer],
  );

  const localeText = useMemo(() => gridLocaleText(language), [language]);

  return (
    <div className="dataset-workspace">
      <GridToolbar
        quickFilter={quickFilter}
        onQuickFilter={setQuickFilter}
        canEditCells={canEditCells}
        canEditStructure={canEditStructure}
        readOnlyNote={readOnlyNote}
        canUndo={canUndo}
        canRedo={canRedo}
        manualOrder={order.manualOrder}
        rowCount={rowCount}
        shownRows={shownRows}
        onAddRow={rowActions.addRow}
        onInsertRow={rowActions.insertRowBelow}
        onDeleteRows={rowActions.deleteSelectedRows}
        onUndo={undo}
        onRedo={redo}
        onOpenColumns={() => setColumnsOpen(true)}
        onBackToManualOrder={order.backToManualOrder}
      />
      <FilterSummary api={api} columns={columns} locale={locale} />
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
        onMouseDownCapture={(e) => block.trackShift(e.shiftKey)}
        onCopy={onCopy}
        onPaste={onPaste}
      >
        <AgGridReact<Row>
          key={language}
          theme={gridTheme}
          localeText={localeText}
          initialState={gridStateRef.current}
          // Kept as it changes: the grid of the next language mounts (reading initialState) before this one unmounts.
          onStateUpdated={(e) => {
            gridStateRef.current = e.state;
          }}
          columnDefs={columnDefs}
          defaultColDef={{ resizable: true, sortable: true, suppressHeaderMenuButton: false }}
          getRowId={(p) => p.data.id}
          getRowClass={
            marks ? (p) => (p.data ? proposedRowClass[marks.row(p.data.id) ?? "none"] : undefined) : undefined
          }
          onGridReady={onGridReady}
          readOnlyEdit
          onCellEditRequest={onCellEditRequest}
          invalidEditValueMode="block"
          onCellFocused={onCellFocused}
          onCellEditingStopped={() => setEditError(null)}
          onSortChanged={order.onSortChanged}
          onColumnMoved={onColumnMoved}
          rowDragManaged={false}
          suppressRowDrag={!order.manualOrder || !canEditCells}
          onRowDragEnd={onRowDragEnd}
          rowSelection={
            canEditCells
              ? { mode: "multiRow", checkboxes: true, headerCheckbox: true, enableClickSelection: false }
              : undefined
          }
          selectionColumnDef={{ pinned: "left", width: 44, minWidth: 44, maxWidth: 44 }}
          enableFilterHandlers
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
        <p>{t("filters.howTo")}</p>
      </details>
      {columnsOpen && canEditStructure && (
        <ColumnsDialog view={view} writer={writer} onClose={() => setColumnsOpen(false)} />
      )}
    </div>
  );
}

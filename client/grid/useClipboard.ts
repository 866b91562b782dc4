/**
 * Copy and paste on the grid (AG Grid's clipboard is Enterprise): TSV blocks out and in.
 * Copy takes the selected block, else the selected rows with a header line, else the focused cell.
 * Paste fills from the block's top-left cell (or the focused cell), adding rows past the last one,
 * in one change and one step of undo, and says what it did.
 */
import type { GridApi } from "ag-grid-community";
import type { TFunction } from "i18next";
import { type ClipboardEvent, type RefObject, useCallback } from "react";
import type { DatasetWriter, Row, RowsView } from "../../shared/dataset/index.ts";
import { cellText, type PastePlan, planPaste } from "./gridOps.ts";
import { displayedDataColumns, displayedRows } from "./gridQueries.ts";
import { parseTsv, toTsv } from "./tsv.ts";
import type { Bounds } from "./useCellBlock.ts";

export type Clipboard = {
  apiRef: RefObject<GridApi<Row> | null>;
  bounds: RefObject<Bounds | null>;
  view: RowsView;
  writer: DatasetWriter;
  /** Ends the current step of undo, so a paste is undone alone. */
  stopCapturing: () => void;
  canEditCells: boolean;
  locale: string;
  announce: (text: string) => void;
  t: TFunction;
};

export function useClipboard({
  apiRef,
  bounds,
  view,
  writer,
  stopCapturing,
  canEditCells,
  locale,
  announce,
  t,
}: Clipboard) {
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
      const b = bounds.current;
      if (b) {
        const blockColumns = dataColumns.filter((c) => b.columns.has(c.id));
        block = [];
        for (let r = b.top; r <= b.bottom; r++) {
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
      const cells = block.length * (block[0]?.length ?? 0) - (!b && selected.length > 0 ? dataColumns.length : 0);
      announce(t("dataset.copied", { count: cells }));
    },
    [apiRef, bounds, announce, t],
  );

  const onPaste = useCallback(
    (event: ClipboardEvent<HTMLDivElement>) => {
      const api = apiRef.current;
      if (!api || !canEditCells || api.getEditingCells().length > 0) return;
      const focused = api.getFocusedCell();
      if (!focused) return;
      const dataColumns = displayedDataColumns(api);
      const b = bounds.current;
      const startColumn = b
        ? dataColumns.findIndex((c) => b.columns.has(c.id))
        : dataColumns.findIndex((c) => c.id === focused.column.getColId());
      const startRow = b ? b.top : focused.rowIndex;
      if (startColumn < 0) return;
      const block = parseTsv(event.clipboardData.getData("text/plain"));
      if (block.length === 0) return;
      event.preventDefault();
      const plan = planPaste(block, displayedRows(api), dataColumns, startRow, startColumn, locale);
      const written = writer.transact(() => {
        writer.setCells(plan.edits);
        writer.addRows(plan.newRows, view.gapAtEnd());
      });
      stopCapturing();
      // Refused whole (a suggestion's limit): the writer's owner says why.
      if (written) announce(pasteAnnouncement(plan, t));
    },
    [apiRef, bounds, view, writer, stopCapturing, announce, t, canEditCells, locale],
  );

  return { onCopy, onPaste };
}

function pasteAnnouncement(plan: PastePlan, t: TFunction): string {
  const parts = [t("dataset.pasted", { count: plan.written })];
  if (plan.newRows.length) parts.push(t("dataset.pasteAddedRows", { count: plan.newRows.length }));
  if (plan.kept && plan.firstMismatch) {
    parts.push(t("dataset.pasteKept", { count: plan.kept, message: t(`cellError.${plan.firstMismatch}`) }));
  }
  if (plan.refused && plan.firstError) {
    parts.push(t("dataset.pasteRefused", { count: plan.refused, message: t(`cellError.${plan.firstError}`) }));
  }
  if (plan.tooWide) parts.push(t("dataset.pasteTooWide"));
  return parts.join(" ");
}

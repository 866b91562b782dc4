/** AG Grid column definitions for dataset columns: typed editors with validation, locale formatting, sort and filter. */
import type { ColDef, ICellEditorParams } from "ag-grid-community";
import type { TFunction } from "i18next";
import { formatCell } from "../../shared/dataset/cellFormat.ts";
import {
  byPosition,
  type CellValue,
  type Column,
  isValidCell,
  parseCell,
  type Row,
} from "../../shared/dataset/index.ts";
import { cellRendererDef, choiceEditorDef } from "./cells/cellKinds.ts";
import { columnFilter } from "./filters/columnFilter.ts";
import { compareCells, editText } from "./format.ts";

export const POSITION_COLUMN = "__position";
export const HANDLE_COLUMN = "__handle";

export type ColumnContext = { column: Column };
export type CursorLookup = (rowId: string, columnId: string) => { color: string; name: string } | undefined;

export function positionColumnDef(): ColDef<Row> {
  return {
    colId: POSITION_COLUMN,
    hide: true,
    lockVisible: true,
    suppressMovable: true,
    initialSort: "asc",
    valueGetter: (p) => p.data?.position,
    comparator: (_a, _b, nodeA, nodeB) => (nodeA.data && nodeB.data ? byPosition(nodeA.data, nodeB.data) : 0),
    getQuickFilterText: () => "",
  };
}

export function handleColumnDef(t: TFunction): ColDef<Row> {
  return {
    colId: HANDLE_COLUMN,
    headerName: "",
    headerTooltip: t("dataset.rowDrag"),
    width: 36,
    minWidth: 36,
    maxWidth: 36,
    pinned: "left",
    lockPosition: "left",
    suppressMovable: true,
    suppressNavigable: true,
    resizable: false,
    sortable: false,
    filter: false,
    editable: false,
    rowDrag: true,
    cellClass: "row-handle",
    valueGetter: () => "",
    getQuickFilterText: () => "",
    suppressHeaderMenuButton: true,
  };
}

/** Told each time an editor's value is checked: the message to show, or null when the value fits. */
export type ValidationReport = (message: string | null) => void;

/** What the column definitions need from the grid around them. */
export type ColumnSetting = {
  canEditCells: boolean;
  canEditStructure: boolean;
  /** Another person's selected cell, if any. */
  cursorAt: CursorLookup;
  /** Whether a cell is inside this person's selected block (of more than one cell). */
  inBlock: (rowIndex: number | null, columnId: string) => boolean;
  report: ValidationReport;
  /** While suggesting changes: whether the proposal changes this cell. */
  proposed?: (rowId: string, columnId: string) => boolean;
};

export function dataColumnDef(column: Column, t: TFunction, locale: string, setting: ColumnSetting): ColDef<Row> {
  const { cursorAt, report } = setting;
  const words = { yes: t("values.yes"), no: t("values.no") };
  const collator = new Intl.Collator(locale, { numeric: true, sensitivity: "base" });
  const numeric = column.type === "number" || column.type === "latitude" || column.type === "longitude";
  const value = (row: Row | undefined): CellValue => (row ? (row.cells[column.id] ?? null) : null);
  return {
    colId: column.id,
    headerName: column.name,
    headerTooltip: `${column.name} (${t(`types.${column.type}`)})${column.description ? ` — ${column.description}` : ""}`,
    context: { column } satisfies ColumnContext,
    editable: setting.canEditCells,
    suppressMovable: !setting.canEditStructure,
    cellDataType: false,
    minWidth: 90,
    // Wide enough for the header (about 8 px a character plus the menu and filter icons).
    width: Math.min(
      320,
      Math.max(column.type === "boolean" ? 110 : column.type === "text" ? 200 : 150, column.name.length * 8 + 70),
    ),
    valueGetter: (p) => value(p.data),
    valueFormatter: (p) => formatCell(column, p.value as CellValue, locale, words),
    getQuickFilterText: (p) => formatCell(column, p.value as CellValue, locale, words),
    comparator: (a, b) => compareCells(a as CellValue, b as CellValue, collator),
    type: numeric ? "rightAligned" : undefined,
    ...columnFilter(column, locale),
    ...editorFor(column, t, locale, words, report),
    ...cellRendererDef(column),
    cellClassRules: {
      "cell-invalid": (p) => p.data !== undefined && !isValidCell(column, value(p.data)),
      "cell-in-block": (p) => setting.inBlock(p.rowIndex, column.id),
      "remote-cursor": (p) => p.data !== undefined && cursorAt(p.data.id, column.id) !== undefined,
      "cell-proposed": (p) => p.data !== undefined && setting.proposed?.(p.data.id, column.id) === true,
    },
    cellStyle: (p) => {
      const cursor = p.data ? cursorAt(p.data.id, column.id) : undefined;
      return cursor ? { boxShadow: `inset 0 0 0 2px ${cursor.color}` } : { boxShadow: "" };
    },
    tooltipValueGetter: (p) => {
      const v = value(p.data);
      if (p.data && !isValidCell(column, v)) {
        const parsed = parseCell(column, v);
        const reason = parsed.ok ? "" : t(`cellError.${parsed.error}`);
        return t("values.invalid", { message: reason });
      }
      const cursor = p.data ? cursorAt(p.data.id, column.id) : undefined;
      return cursor ? t("presence.editing", { name: cursor.name }) : undefined;
    },
  };
}

function editorFor(
  column: Column,
  t: TFunction,
  locale: string,
  words: { yes: string; no: string },
  report: ValidationReport,
): Partial<ColDef<Row>> {
  const validate = (p: { value?: unknown }) => {
    const parsed = parseCell(column, (p.value ?? null) as CellValue, { locale });
    const message = parsed.ok ? null : t(`cellError.${parsed.error}`);
    report(message);
    return message === null ? null : [message];
  };
  switch (column.type) {
    case "boolean":
      return {
        cellEditor: "agSelectCellEditor",
        cellEditorParams: (p: ICellEditorParams) => ({
          values: ["", "true", "false"],
          formatValue: (v: unknown) =>
            v === "true" || v === true ? words.yes : v === "false" || v === false ? words.no : "",
          value: p.value === null ? "" : String(p.value),
        }),
      };
    case "choice":
      return choiceEditorDef(column, t, locale);
    default:
      // Dates too: AG Grid's date editor is a native date input, and typing on a focused cell sends
      // the keys into its day/month/year segments (2020-05-01 became 0501-02-01). A text editor
      // takes the keys as typed, and parseCell reads them in the reader's locale on commit.
      return {
        cellEditor: "agTextCellEditor",
        cellEditorParams: (p: ICellEditorParams) => ({
          getValidationErrors: validate,
          // Values edit as parseCell reads them back in this locale (numbers ungrouped, dates in ISO).
          value: editText(column, (p.value ?? null) as CellValue, locale),
        }),
      };
  }
}

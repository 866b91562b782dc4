/** The parts of a column definition that make choice cells pick from a filtered list and URL and email cells links. */
import type { ColDef } from "ag-grid-community";
import type { TFunction } from "i18next";
import type { Column, Row } from "../../../shared/dataset/index.ts";
import { ChoiceEditor, type ChoiceEditorParams } from "./ChoiceEditor.tsx";
import { LinkCell, type LinkCellParams } from "./LinkCell.tsx";
import "./cells.css";

export function choiceEditorDef(column: Column, t: TFunction, locale: string): Partial<ColDef<Row>> {
  return {
    cellEditor: ChoiceEditor,
    cellEditorPopup: true,
    cellEditorParams: {
      choices: column.choices,
      label: column.name,
      emptyLabel: t("values.empty"),
      locale,
    } satisfies ChoiceEditorParams,
  };
}

/** URL and email cells show as links (LinkCell); other types keep the grid's plain text. */
export function cellRendererDef(column: Column): Partial<ColDef<Row>> {
  if (column.type !== "url" && column.type !== "email") return {};
  return {
    cellRenderer: LinkCell,
    cellRendererParams: { type: column.type } satisfies LinkCellParams,
    cellClass: "link-cell",
  };
}

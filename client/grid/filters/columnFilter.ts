/**
 * The AG Grid filter of a dataset column (Community filters through filter handlers, which the grid
 * enables with `enableFilterHandlers`): our own panel for the column type, and the predicate of
 * filterModel.ts reading the stored cell, so invalid cells are judged as stored, not as shown.
 */
import type { ColDef, DoesFilterPassParams } from "ag-grid-community";
import type { Column, Row } from "../../../shared/dataset/index.ts";
import { ColumnFilterPanel } from "./ColumnFilterPanel.tsx";
import { type FilterModel, passes } from "./filterModel.ts";

/** What the panel reads from `colDef.filterParams`. */
export type ColumnFilterParams = { column: Column; locale: string };

export function columnFilter(column: Column, locale: string): Pick<ColDef<Row>, "filter" | "filterParams"> {
  return {
    filter: {
      component: ColumnFilterPanel,
      doesFilterPass: (p: DoesFilterPassParams<Row, unknown, FilterModel | null>) =>
        passes(column, p.model, p.data?.cells[column.id], locale),
    },
    filterParams: { column, locale } satisfies ColumnFilterParams,
  };
}

/** A cell edit the grid asks for (readOnlyEdit): parsed for its column in the reader's locale, written if it changes the value. */
import type { CellEditRequestEvent } from "ag-grid-community";
import type { TFunction } from "i18next";
import { type DatasetWriter, parseCell, type Row } from "../../shared/dataset/index.ts";
import type { ColumnContext } from "./columnDefs.ts";

export function writeCellEdit(
  event: CellEditRequestEvent<Row>,
  writer: DatasetWriter,
  locale: string,
  announce: (text: string) => void,
  t: TFunction,
): void {
  const context = event.colDef.context as ColumnContext | undefined;
  if (!context || !event.data) return;
  const parsed = parseCell(context.column, (event.newValue ?? null) as string | null, { locale });
  if (!parsed.ok) {
    announce(t("dataset.refused", { message: t(`cellError.${parsed.error}`) }));
    return;
  }
  if ((event.data.cells[context.column.id] ?? null) === parsed.value) return;
  writer.setCells([{ rowId: event.data.id, columnId: context.column.id, value: parsed.value }]);
}

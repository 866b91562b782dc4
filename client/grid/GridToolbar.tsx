/** The toolbar above the grid: search, row actions, undo/redo, columns, back to the stored order, the row count. */
import { useTranslation } from "react-i18next";
import { RowCount } from "./RowCount.tsx";

export type GridToolbarProps = {
  quickFilter: string;
  onQuickFilter: (text: string) => void;
  canEditCells: boolean;
  canEditStructure: boolean;
  /** Said instead of "read only" when the person cannot edit (e.g. how to suggest a change). */
  readOnlyNote?: string | undefined;
  canUndo: boolean;
  canRedo: boolean;
  /** Rows are shown in their stored order (no sort of this person's own). */
  manualOrder: boolean;
  rowCount: number;
  /** Rows shown while a search or filter is on (null: none is). */
  shownRows: number | null;
  onAddRow: () => void;
  onInsertRow: () => void;
  onDeleteRows: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onOpenColumns: () => void;
  onBackToManualOrder: () => void;
};

export function GridToolbar(props: GridToolbarProps) {
  const { t } = useTranslation();
  return (
    <div className="toolbar" role="toolbar" aria-label={t("dataset.toolbar")}>
      <div className="search">
        <label htmlFor="quick-search">{t("dataset.search")}</label>
        <input
          id="quick-search"
          type="search"
          value={props.quickFilter}
          placeholder={t("dataset.searchPlaceholder")}
          onChange={(e) => props.onQuickFilter(e.target.value)}
        />
      </div>
      {props.canEditCells && (
        <>
          <button type="button" onClick={props.onAddRow}>
            {t("dataset.addRow")}
          </button>
          <button type="button" onClick={props.onInsertRow}>
            {t("dataset.insertRow")}
          </button>
          <button type="button" onClick={props.onDeleteRows} title={t("dataset.deleteRowsHint")}>
            {t("dataset.deleteRows")}
          </button>
          <button type="button" onClick={props.onUndo} disabled={!props.canUndo} aria-keyshortcuts="Control+Z">
            {t("dataset.undo")}
          </button>
          <button type="button" onClick={props.onRedo} disabled={!props.canRedo} aria-keyshortcuts="Control+Y">
            {t("dataset.redo")}
          </button>
        </>
      )}
      {props.canEditStructure && (
        <button type="button" onClick={props.onOpenColumns} aria-haspopup="dialog">
          {t("dataset.columns")}
        </button>
      )}
      {!props.canEditCells && <span className="muted">{props.readOnlyNote ?? t("dataset.readOnly")}</span>}
      {!props.manualOrder && (
        <button type="button" onClick={props.onBackToManualOrder} title={t("dataset.sortedHint")}>
          {t("dataset.resetOrder")}
        </button>
      )}
      <RowCount count={props.rowCount} shown={props.shownRows} />
    </div>
  );
}

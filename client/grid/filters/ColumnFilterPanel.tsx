/**
 * The filter panel AG Grid opens from a column header: the filter that fits the column type, then
 * the empty and invalid cells to show as well, and a button that clears the filter. Every change
 * applies at once (as AG Grid's own filters do); an unset filter is no filter (model null). Buttons
 * with nothing to do are aria-disabled, never disabled: a disabled button loses the focus, and
 * Escape then no longer reaches the panel.
 */
import type { CustomFilterDisplayProps } from "ag-grid-react";
import { useGridFilterDisplay } from "ag-grid-react";
import { useCallback, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Row } from "../../../shared/dataset/index.ts";
import { Check } from "./Check.tsx";
import { ChoicesFilter } from "./ChoicesFilter.tsx";
import type { ColumnFilterParams } from "./columnFilter.ts";
import { canBeInvalid, countCells, emptyModel, type FilterModel, filterKind, isActive } from "./filterModel.ts";
import { RangeFilter } from "./RangeFilter.tsx";
import { TextFilter } from "./TextFilter.tsx";
import "./filters.css";
import type { CheckedType } from "./describeFilter.ts";

export function ColumnFilterPanel(props: CustomFilterDisplayProps<Row, unknown, FilterModel | null>) {
  const { t } = useTranslation();
  const { column, locale } = props.colDef.filterParams as ColumnFilterParams;
  const kind = filterKind(column);
  const rootRef = useRef<HTMLFormElement>(null);
  // How many rows hold each value, empty and invalid cells: counted over all rows each time the panel opens.
  const [opened, setOpened] = useState(0);
  useGridFilterDisplay({
    afterGuiAttached: (params) => {
      setOpened((n) => n + 1);
      if (!params?.suppressFocus) rootRef.current?.querySelector<HTMLElement>("input, button")?.focus();
    },
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: counted again each time the panel opens
  const counts = useMemo(() => {
    const values: Row["cells"][keyof Row["cells"]][] = [];
    props.api.forEachNode((node) => {
      if (node.data) values.push(node.data.cells[column.id] ?? null);
    });
    return countCells(column, values);
  }, [props.api, column, opened]);

  const model: FilterModel = props.model && props.model.kind === kind ? props.model : emptyModel(kind);
  const { onModelChange } = props;
  const onChange = useCallback((next: FilterModel) => onModelChange(isActive(next) ? next : null), [onModelChange]);
  const part = { counts, locale };

  return (
    <form
      ref={rootRef}
      className="column-filter"
      aria-label={t("filters.label", { column: column.name })}
      onSubmit={(e) => e.preventDefault()}
      onKeyDown={(e) => {
        // Enter in a box closes the panel: the filter already applies as it is typed.
        if (e.key === "Enter" && e.target instanceof HTMLInputElement && e.target.type !== "checkbox") {
          e.preventDefault();
          props.api.hidePopupMenu();
          props.api.setFocusedHeader(props.column);
        }
      }}
    >
      {model.kind === "dateRange" || model.kind === "numberRange" ? (
        <RangeFilter column={column} model={model} onChange={onChange} {...part} />
      ) : model.kind === "choices" ? (
        <ChoicesFilter column={column} model={model} onChange={onChange} {...part} />
      ) : (
        <TextFilter model={model} onChange={onChange} {...part} />
      )}
      <fieldset className="filter-extras">
        <legend>{t("filters.alsoShow")}</legend>
        {model.kind !== "choices" && (
          <Check
            checked={model.empty}
            label={t("filters.option", { label: t("filters.emptyCells"), count: counts.empty })}
            onChange={(empty) => onChange({ ...model, empty })}
          />
        )}
        {canBeInvalid(column) && (
          <Check
            checked={model.invalid}
            label={t("filters.option", {
              label: t(`filters.invalidCells.${column.type as CheckedType}`),
              count: counts.invalid,
            })}
            onChange={(invalid) => onChange({ ...model, invalid })}
          />
        )}
      </fieldset>
      <button
        type="button"
        className="filter-clear"
        aria-disabled={!isActive(props.model)}
        onClick={() => onModelChange(null)}
      >
        {t("filters.clear")}
      </button>
    </form>
  );
}

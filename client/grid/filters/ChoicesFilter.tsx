/**
 * A set of choices as a list of checkboxes (AG Grid's Set Filter is Enterprise): the column's
 * choices, or yes and no, each with how many rows hold it, and the empty cells as one more value.
 */
import { useTranslation } from "react-i18next";
import type { Column } from "../../../shared/dataset/index.ts";
import { Check, type FilterPartProps } from "./ColumnFilterPanel.tsx";
import { choiceLabel } from "./choiceLabel.ts";
import { type ChoicesModel, choiceOptions } from "./filterModel.ts";

type Props = FilterPartProps<ChoicesModel> & { column: Column };

export function ChoicesFilter({ column, model, onChange, counts }: Props) {
  const { t } = useTranslation();
  const words = { yes: t("values.yes"), no: t("values.no") };
  const options = choiceOptions(column);
  const toggle = (key: string, on: boolean) =>
    onChange({ ...model, values: options.filter((o) => (o === key ? on : model.values.includes(o))) });
  const all = model.empty && options.every((o) => model.values.includes(o));
  const nothing = !model.empty && model.values.length === 0;
  return (
    <fieldset className="filter-choices">
      <legend>{t("filters.choices")}</legend>
      <div className="filter-choice-actions">
        <button type="button" disabled={all} onClick={() => onChange({ ...model, values: options, empty: true })}>
          {t("filters.all")}
        </button>
        <button type="button" disabled={nothing} onClick={() => onChange({ ...model, values: [], empty: false })}>
          {t("filters.none")}
        </button>
      </div>
      <div className="filter-choice-list">
        {options.map((key) => (
          <Check
            key={key}
            checked={model.values.includes(key)}
            label={t("filters.option", { label: choiceLabel(column, key, words), count: counts.byKey.get(key) ?? 0 })}
            onChange={(on) => toggle(key, on)}
          />
        ))}
        <Check
          checked={model.empty}
          label={t("filters.option", { label: t("filters.emptyCells"), count: counts.empty })}
          onChange={(empty) => onChange({ ...model, empty })}
        />
      </div>
    </fieldset>
  );
}

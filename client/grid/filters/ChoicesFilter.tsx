/**
 * A set of choices as a list of checkboxes (AG Grid's Set Filter is Enterprise): the column's
 * choices, or yes and no, each with how many rows hold it, and the empty cells as one more value.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Column } from "../../../shared/dataset/index.ts";
import { Check, type FilterPartProps } from "./Check.tsx";
import { choiceLabel } from "./choiceLabel.ts";
import { type ChoicesModel, choiceOptions, includesFolded } from "./filterModel.ts";

/** From this many choices on, a box narrows the list. */
const LONG_LIST = 8;

type Props = FilterPartProps<ChoicesModel> & { column: Column };

export function ChoicesFilter({ column, model, onChange, counts, locale }: Props) {
  const { t } = useTranslation();
  const words = { yes: t("values.yes"), no: t("values.no") };
  const options = choiceOptions(column);
  // A long list of choices gets a box that narrows it; "select all/none" then apply to what is listed.
  const [find, setFind] = useState("");
  const listed = options.filter((o) => includesFolded(choiceLabel(column, o, words), find, locale));
  const everything = find.trim() === "";
  const select = (keys: string[], empty: boolean) =>
    onChange({ ...model, values: options.filter((o) => keys.includes(o)), empty });
  const toggle = (key: string, on: boolean) =>
    select(on ? [...model.values, key] : model.values.filter((v) => v !== key), model.empty);
  const all = (model.empty || !everything) && listed.every((o) => model.values.includes(o));
  const nothing = (!model.empty || !everything) && listed.every((o) => !model.values.includes(o));
  return (
    <fieldset className="filter-choices">
      <legend>{t("filters.choices")}</legend>
      {options.length > LONG_LIST && (
        <input
          type="search"
          aria-label={t("filters.findChoice")}
          placeholder={t("filters.findChoice")}
          value={find}
          onChange={(e) => setFind(e.target.value)}
        />
      )}
      <div className="filter-choice-actions">
        <button
          type="button"
          aria-disabled={all}
          onClick={() => select([...model.values, ...listed], model.empty || everything)}
        >
          {t("filters.all")}
        </button>
        <button
          type="button"
          aria-disabled={nothing}
          onClick={() =>
            select(
              model.values.filter((v) => !listed.includes(v)),
              model.empty && !everything,
            )
          }
        >
          {t("filters.none")}
        </button>
      </div>
      <div className="filter-choice-list">
        {listed.map((key) => (
          <Check
            key={key}
            checked={model.values.includes(key)}
            label={t("filters.option", { label: choiceLabel(column, key, words), count: counts.byKey.get(key) ?? 0 })}
            onChange={(on) => toggle(key, on)}
          />
        ))}
        {everything && (
          <Check
            checked={model.empty}
            label={t("filters.option", { label: t("filters.emptyCells"), count: counts.empty })}
            onChange={(empty) => onChange({ ...model, empty })}
          />
        )}
      </div>
    </fieldset>
  );
}

/** Text, web addresses and emails: the cells that contain what is typed, ignoring case and accents. */
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FilterPartProps } from "./Check.tsx";
import type { TextModel } from "./filterModel.ts";

export function TextFilter({ model, onChange }: FilterPartProps<TextModel>) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState(model.contains);
  // Cleared elsewhere (the summary above the grid): show it.
  useEffect(() => {
    setText((now) => (now.trim() === model.contains.trim() ? now : model.contains));
  }, [model.contains]);
  return (
    <div className="filter-bound">
      <label htmlFor={id}>{t("filters.contains")}</label>
      <input
        id={id}
        // Not type=search: Escape, which closes the panel, would first empty the box and so the filter.
        type="text"
        autoComplete="off"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          onChange({ ...model, contains: e.target.value });
        }}
      />
    </div>
  );
}

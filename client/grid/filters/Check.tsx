/** What each part of a filter panel gets, and the labelled checkbox the panels use. */
import type { CellCounts, FilterModel } from "./filterModel.ts";

export type FilterPartProps<M extends FilterModel> = {
  model: M;
  onChange: (model: M) => void;
  counts: CellCounts;
  locale: string;
};

export function Check({
  checked,
  label,
  onChange,
}: {
  checked: boolean;
  label: string;
  onChange: (v: boolean) => void;
}) {
  return (
    <label className="filter-check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  );
}

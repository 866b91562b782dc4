/**
 * From/to for dates, minimum/maximum for numbers: typed as in a cell, read by the same parser in the
 * reader's locale (01/05/2020 is 1 May in French), and the reading shown under the box, so a person
 * sees how their bound was understood. A bound that cannot be read is left out until it can.
 */
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatCell } from "../../../shared/dataset/cellFormat.ts";
import { type Column, parseCell } from "../../../shared/dataset/index.ts";
import { editText } from "../format.ts";
import type { FilterPartProps } from "./Check.tsx";
import type { DateRangeModel, NumberRangeModel } from "./filterModel.ts";

type Bound = string | number | null;
type Props = FilterPartProps<DateRangeModel | NumberRangeModel> & { column: Column };

export function RangeFilter({ column, model, onChange, locale }: Props) {
  const { t } = useTranslation();
  const words = { yes: t("values.yes"), no: t("values.no") };
  const dates = model.kind === "dateRange";
  const [low, high] = dates ? [model.from, model.to] : [model.min, model.max];
  const read = (text: string) => parseCell(column, text, { locale });
  const shown = (value: Bound) =>
    value === null ? "" : dates ? formatCell(column, value, locale, words) : editText(column, value, locale);
  const boundOf = (text: string): Bound => {
    const parsed = read(text);
    return parsed.ok ? (parsed.value as Bound) : null;
  };
  const [texts, setTexts] = useState(() => ({ low: shown(low), high: shown(high) }));

  // The model changed elsewhere (cleared from the summary above the grid): show it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the applied bounds change
  useEffect(() => {
    setTexts((now) => ({
      low: boundOf(now.low) === low ? now.low : shown(low),
      high: boundOf(now.high) === high ? now.high : shown(high),
    }));
  }, [low, high]);

  const update = (which: "low" | "high", text: string) => {
    setTexts((now) => ({ ...now, [which]: text }));
    const value = boundOf(text);
    const bounds = which === "low" ? [value, high] : [low, value];
    onChange(
      dates
        ? { ...(model as DateRangeModel), from: bounds[0] as string | null, to: bounds[1] as string | null }
        : { ...(model as NumberRangeModel), min: bounds[0] as number | null, max: bounds[1] as number | null },
    );
  };
  const example = dates
    ? new Intl.DateTimeFormat(locale, { timeZone: "UTC" }).format(new Date(Date.UTC(2020, 4, 31)))
    : undefined;

  const labels = dates
    ? { low: t("filters.from"), high: t("filters.to") }
    : { low: t("filters.min"), high: t("filters.max") };

  return (
    <div className="filter-range">
      {(["low", "high"] as const).map((which) => (
        <BoundInput
          key={which}
          label={labels[which]}
          text={texts[which]}
          onText={(text) => update(which, text)}
          reading={reading(texts[which])}
          placeholder={example && t("filters.dateExample", { example })}
          numeric={!dates}
        />
      ))}
      {low !== null && high !== null && low > high && (
        <p className="filter-warning" role="alert">
          {t(dates ? "filters.emptyRange" : "filters.emptyNumberRange")}
        </p>
      )}
    </div>
  );

  /** What the box says about its text: how a date was read, or why it cannot be. */
  function reading(text: string): { text: string; error: boolean } | null {
    if (text.trim() === "") return null;
    const parsed = read(text);
    if (!parsed.ok && dates) return { text: t("filters.unreadableDate", { example, iso: "2020-05-31" }), error: true };
    if (!parsed.ok) return { text: t(`cellError.${parsed.error}`), error: true };
    return dates ? { text: t("filters.readAs", { value: shown(parsed.value as Bound) }), error: false } : null;
  }
}

function BoundInput(props: {
  label: string;
  text: string;
  onText: (text: string) => void;
  reading: { text: string; error: boolean } | null;
  placeholder: string | undefined;
  numeric: boolean;
}) {
  const id = useId();
  return (
    <div className="filter-bound">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        inputMode={props.numeric ? "decimal" : undefined}
        autoComplete="off"
        value={props.text}
        placeholder={props.placeholder}
        aria-invalid={props.reading?.error || undefined}
        aria-describedby={props.reading ? `${id}-reading` : undefined}
        onChange={(e) => props.onText(e.target.value)}
      />
      {props.reading && (
        <small id={`${id}-reading`} className={props.reading.error ? "filter-error" : "filter-reading"}>
          {props.reading.text}
        </small>
      )}
    </div>
  );
}

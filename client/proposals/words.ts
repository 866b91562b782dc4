/** How proposals' values and ages read for people. */
import type { TFunction } from "i18next";
import type { CellValue } from "../../shared/dataset/schema.ts";
import { currentLocale } from "../i18n/index.ts";

/** A value as a moderator reads it: yes/no in words, empty said as such. */
export function shownValue(value: CellValue | undefined, t: TFunction): string {
  if (value === null || value === undefined || value === "") return t("values.empty");
  if (typeof value === "boolean") return value ? t("values.yes") : t("values.no");
  if (typeof value === "number") return new Intl.NumberFormat(currentLocale()).format(value);
  return value;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
];

/** "5 minutes ago", "yesterday", in the reader's language. */
export function ago(seconds: number): string {
  const format = new Intl.RelativeTimeFormat(currentLocale(), { numeric: "auto" });
  for (const [unit, size] of UNITS) if (seconds >= size) return format.format(-Math.floor(seconds / size), unit);
  return format.format(-Math.max(0, Math.floor(seconds)), "second");
}

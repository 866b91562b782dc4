/** How proposals' values and ages read for people. */
import type { TFunction } from "i18next";
import type { DecidedChange, ReviewedChange, RowPlacement } from "../../shared/api/proposals.ts";
import type { CellValue } from "../../shared/dataset/schema.ts";
import { parseChangeId } from "../../shared/proposal/schema.ts";
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

/**
 * A change in one line, for the contributor's page: "Phone · Médiathèque Champollion: 01 00 … → 01 23 …",
 * "New row: Name: Café · Phone: 02 …", "Row to delete: Café La Fabrique".
 */
export function describeChange(change: ReviewedChange, t: TFunction): string {
  if (change.kind === "cell") {
    const column = change.column ?? t("proposals.deletedColumn");
    const where = change.rowLabel ? `${column} · ${change.rowLabel}` : column;
    return labelled(where, `${shownValue(change.base, t)} → ${shownValue(change.proposed, t)}`, t);
  }
  if (change.kind === "row") {
    const values = change.cells
      .filter((c) => c.proposed !== null && c.proposed !== "")
      .map((c) => labelled(c.column ?? t("proposals.deletedColumn"), shownValue(c.proposed, t), t));
    return labelled(t("proposals.kind.row"), values.length ? values.join(" · ") : t("proposals.emptyRow"), t);
  }
  const values = Object.values(change.live ?? change.base);
  const label = values.find((v) => v !== null && v !== "");
  return labelled(t("proposals.kind.delete"), label === undefined ? t("proposals.rowGone") : shownValue(label, t), t);
}

/** "Phone: 01 23 45 67 89" for a decided cell; "New row" or "Row to delete" with its values otherwise. */
export function describeDecided(
  decided: DecidedChange,
  columnNames: ReadonlyMap<string, string>,
  t: TFunction,
): string {
  const change = parseChangeId(decided.changeId);
  const value = decided.applied ?? decided.proposed;
  const column = (columnId: string) => columnNames.get(columnId) ?? t("proposals.deletedColumn");
  if (change?.kind === "cell") return labelled(column(change.columnId), shownValue(value as CellValue, t), t);
  const values =
    typeof value === "object" && value !== null
      ? Object.entries(value as Record<string, CellValue>)
          .filter(([, v]) => v !== null && v !== "")
          .map(([id, v]) => labelled(column(id), shownValue(v, t), t))
      : [];
  return [t(`proposals.kind.${change?.kind === "delete" ? "delete" : "row"}`), ...values].join(" · ");
}

/** Where accepting puts a new row (P25): after a live row, named by its number and first value. */
export function placementText(placement: RowPlacement, t: TFunction): string {
  if (placement.at !== "after") return t(`proposals.placement.${placement.at}`);
  return placement.rowLabel
    ? t("proposals.placement.after", { number: placement.rowNumber, label: placement.rowLabel })
    : t("proposals.placement.afterUnnamed", { number: placement.rowNumber });
}

/** "Phone: 01 23…", with the language's own spacing before the colon (French: "Téléphone : 01 23…"). */
const labelled = (label: string, value: string, t: TFunction) => t("proposals.labelled", { label, value });

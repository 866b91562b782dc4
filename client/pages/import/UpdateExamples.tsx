/** Which rows an update by key adds, changes (each cell before → after) and removes: the first ones the server lists. */
import type { ReactNode } from "react";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import type { DatasetDetails } from "../../../shared/api/datasets.ts";
import type { UpdateByKeyPreview } from "../../../shared/api/imports.ts";

type Props = { plan: UpdateByKeyPreview; columns: DatasetDetails["columns"] };

export function UpdateExamples({ plan, columns }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const { added, changed, removed } = plan.examples;
  if (added.length + changed.length + removed.length === 0) return null;
  const columnName = (columnId: string) => columns.find((c) => c.id === columnId)?.name ?? columnId;
  const value = (v: unknown) =>
    v === null || v === "" ? t("import.examples.empty") : t("import.examples.quoted", { value: String(v) });
  const group = (title: string, total: number, items: { key: string; text: ReactNode }[]) =>
    items.length > 0 && (
      <>
        <h4>{title}</h4>
        <ul>
          {items.map((item) => (
            <li key={item.key}>{item.text}</li>
          ))}
          {total > items.length && <li>{t("import.examples.more", { count: total - items.length })}</li>}
        </ul>
      </>
    );
  return (
    <section aria-labelledby={`${id}-h`} className="update-examples">
      <h3 id={`${id}-h`}>{t("import.examples.title")}</h3>
      {group(
        t("import.examples.added"),
        plan.added,
        added.map((a) => ({ key: a.key, text: t("import.examples.addedRow", { key: a.key, line: a.line }) })),
      )}
      {group(
        t("import.examples.changed"),
        plan.changedRows,
        changed.map((c) => ({
          key: c.rowId,
          text: (
            <>
              <strong>{c.key}</strong>:{" "}
              {c.cells
                .map((cell) =>
                  t("import.examples.cell", {
                    column: columnName(cell.columnId),
                    before: value(cell.before),
                    after: value(cell.after),
                  }),
                )
                .join("; ")}
            </>
          ),
        })),
      )}
      {group(
        t(plan.deletesMissing ? "import.examples.removed" : "import.examples.kept"),
        plan.removed,
        removed.map((r) => ({ key: r.rowId, text: r.key })),
      )}
    </section>
  );
}

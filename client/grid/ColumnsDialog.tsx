/** Manage columns: rename, retype (with choices), reorder, delete, add. Changes are live edits, through the writer. */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  type Column,
  type ColumnType,
  columnTypes,
  type DatasetWriter,
  type RowsView,
} from "../../shared/dataset/index.ts";
import { limits } from "../../shared/limits.ts";
import { splitChoices } from "../splitChoices.ts";

export type ColumnsDialogProps = { view: RowsView; writer: DatasetWriter; onClose: () => void };

export function ColumnsDialog({ view, writer, onClose }: ColumnsDialogProps) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [columns, setColumns] = useState<readonly Column[]>(() => view.columns());
  const [newName, setNewName] = useState("");
  const [newType, setNewType] = useState<ColumnType>("text");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
    return view.onChange((change) => {
      if (change.columnsChanged) setColumns(view.columns());
    });
  }, [view]);

  const rename = (column: Column, name: string) => {
    const trimmed = name.trim();
    if (trimmed === column.name) return;
    if (trimmed === "" || trimmed.length > limits.maxColumnNameChars) {
      setError(t("columnsDialog.nameError", { max: limits.maxColumnNameChars }));
      return;
    }
    setError(null);
    writer.updateColumn(column.id, { name: trimmed });
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    const name = newName.trim();
    if (name === "" || name.length > limits.maxColumnNameChars) {
      setError(t("columnsDialog.nameError", { max: limits.maxColumnNameChars }));
      return;
    }
    setError(null);
    writer.addColumns([{ name, type: newType }]);
    setNewName("");
  };

  return (
    <dialog ref={ref} className="columns-dialog" aria-labelledby={`${id}-title`} onClose={onClose}>
      <div className="dialog-header">
        <h2 id={`${id}-title`}>{t("columnsDialog.title")}</h2>
        <button type="button" onClick={() => ref.current?.close()}>
          {t("columnsDialog.close")}
        </button>
      </div>
      <p className="muted">{t("columnsDialog.retypeNote")}</p>
      <ol className="column-list">
        {columns.map((column, index) => (
          <li key={column.id} className="column-item">
            <input
              aria-label={t("columnsDialog.name", { index: index + 1 })}
              defaultValue={column.name}
              key={column.name}
              onBlur={(e) => rename(column, e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") rename(column, e.currentTarget.value);
              }}
            />
            <select
              aria-label={t("columnsDialog.type", { index: index + 1 })}
              value={column.type}
              onChange={(e) => writer.updateColumn(column.id, { type: e.target.value as ColumnType })}
            >
              {columnTypes.map((type) => (
                <option key={type} value={type}>
                  {t(`types.${type}`)}
                </option>
              ))}
            </select>
            {column.type === "choice" && (
              <input
                aria-label={t("columnsDialog.choices", { index: index + 1 })}
                defaultValue={column.choices.join(", ")}
                key={column.choices.join("\u0000")}
                onBlur={(e) => writer.updateColumn(column.id, { choices: splitChoices(e.target.value) })}
              />
            )}
            <span className="column-actions">
              <button
                type="button"
                className="icon-button"
                aria-label={t("columnsDialog.moveUp", { name: column.name })}
                title={t("columnsDialog.moveUp", { name: column.name })}
                disabled={index === 0}
                onClick={() => writer.moveColumn(column.id, columns[index - 2]?.id ?? null)}
              >
                ←
              </button>
              <button
                type="button"
                className="icon-button"
                aria-label={t("columnsDialog.moveDown", { name: column.name })}
                title={t("columnsDialog.moveDown", { name: column.name })}
                disabled={index === columns.length - 1}
                onClick={() => {
                  const next = columns[index + 1];
                  if (next) writer.moveColumn(column.id, next.id);
                }}
              >
                →
              </button>
              <button
                type="button"
                className="icon-button danger"
                aria-label={t("columnsDialog.delete", { name: column.name })}
                title={t("columnsDialog.delete", { name: column.name })}
                onClick={() => {
                  if (window.confirm(t("columnsDialog.confirmDelete", { name: column.name }))) {
                    writer.deleteColumn(column.id);
                  }
                }}
              >
                ×
              </button>
            </span>
          </li>
        ))}
      </ol>
      <form className="add-column" onSubmit={add}>
        <h3>{t("columnsDialog.addTitle")}</h3>
        <input
          aria-label={t("columnsDialog.newName")}
          placeholder={t("columnsDialog.newName")}
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
        />
        <select
          aria-label={t("columnsDialog.newType")}
          value={newType}
          onChange={(e) => setNewType(e.target.value as ColumnType)}
        >
          {columnTypes.map((type) => (
            <option key={type} value={type}>
              {t(`types.${type}`)}
            </option>
          ))}
        </select>
        <button type="submit">{t("columnsDialog.add")}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </dialog>
  );
}

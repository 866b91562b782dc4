/** Manage columns: rename, retype (with choices), reorder, delete, add. Changes are live Yjs edits. */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import {
  addColumns,
  type Column,
  type ColumnType,
  columnTypes,
  deleteColumn,
  moveColumn,
  updateColumn,
} from "../../shared/dataset/index.ts";
import { limits } from "../../shared/limits.ts";
import { type DatasetSession, LOCAL_ORIGIN } from "../collab/datasetSession.ts";
import { splitChoices } from "../splitChoices.ts";

export function ColumnsDialog({ session, onClose }: { session: DatasetSession; onClose: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [columns, setColumns] = useState<readonly Column[]>(() => session.view.columns());
  const [newName, setNewName] = useState("");
  const [newType, setNewType] = useState<ColumnType>("text");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
    return session.view.onChange((change) => {
      if (change.columnsChanged) setColumns(session.view.columns());
    });
  }, [session]);

  const rename = (column: Column, name: string) => {
    const trimmed = name.trim();
    if (trimmed === column.name) return;
    if (trimmed === "" || trimmed.length > limits.maxColumnNameChars) {
      setError(t("columnsDialog.nameError", { max: limits.maxColumnNameChars }));
      return;
    }
    setError(null);
    updateColumn(session.doc, column.id, { name: trimmed }, LOCAL_ORIGIN);
  };

  const add = (event: FormEvent) => {
    event.preventDefault();
    const name = newName.trim();
    if (name === "" || name.length > limits.maxColumnNameChars) {
      setError(t("columnsDialog.nameError", { max: limits.maxColumnNameChars }));
      return;
    }
    setError(null);
    addColumns(session.doc, [{ name, type: newType }], LOCAL_ORIGIN);
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
              onChange={(e) =>
                updateColumn(session.doc, column.id, { type: e.target.value as ColumnType }, LOCAL_ORIGIN)
              }
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
                onBlur={(e) =>
                  updateColumn(session.doc, column.id, { choices: splitChoices(e.target.value) }, LOCAL_ORIGIN)
                }
              />
            )}
            <span className="column-actions">
              <button
                type="button"
                className="icon-button"
                aria-label={t("columnsDialog.moveUp", { name: column.name })}
                title={t("columnsDialog.moveUp", { name: column.name })}
                disabled={index === 0}
                onClick={() => moveColumn(session.doc, column.id, columns[index - 2]?.id ?? null, LOCAL_ORIGIN)}
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
                  if (next) moveColumn(session.doc, column.id, next.id, LOCAL_ORIGIN);
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
                    deleteColumn(session.doc, column.id, LOCAL_ORIGIN);
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

/**
 * The form to create a dataset with its first columns. Each column box has a visible label; adding
 * a column puts the cursor in its name; an error about a field goes away as soon as it is fixed.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { datasetApi } from "../../../shared/api/datasets.ts";
import { type ColumnType, columnTypes } from "../../../shared/dataset/schema.ts";
import { ApiError, callApi } from "../../api.ts";
import { splitChoices } from "../../splitChoices.ts";

type DraftColumn = { key: number; name: string; type: ColumnType; choices: string };
/** Which field an error is about, so that fixing that field clears it. */
type FormError = { about: "title" | "columns" | "request"; message: string };

let nextKey = 1;
const draft = (name = "", type: ColumnType = "text"): DraftColumn => ({ key: nextKey++, name, type, choices: "" });

export function CreateDatasetForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [columns, setColumns] = useState<DraftColumn[]>(() => [draft()]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const nameInputs = useRef(new Map<number, HTMLInputElement>());
  const [focusKey, setFocusKey] = useState<number | null>(null);

  useEffect(() => {
    if (focusKey === null) return;
    nameInputs.current.get(focusKey)?.focus();
    setFocusKey(null);
  }, [focusKey]);

  const update = (key: number, patch: Partial<DraftColumn>) => {
    const next = columns.map((c) => (c.key === key ? { ...c, ...patch } : c));
    setColumns(next);
    if (error?.about === "columns" && next.every((c) => c.name.trim() !== "")) setError(null);
  };
  const addColumn = () => {
    const column = draft();
    setColumns((cs) => [...cs, column]);
    setFocusKey(column.key);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === "") return setError({ about: "title", message: t("home.titleRequired") });
    if (columns.some((c) => c.name.trim() === ""))
      return setError({ about: "columns", message: t("home.columnNameRequired") });
    setBusy(true);
    setError(null);
    try {
      const created = await callApi(datasetApi.create, {
        body: {
          title: title.trim(),
          description: description.trim() || undefined,
          columns: columns.map((c) => ({
            name: c.name.trim(),
            type: c.type,
            ...(c.type === "choice" ? { choices: splitChoices(c.choices) } : {}),
          })),
        },
      });
      navigate(`/datasets/${created.id}`);
    } catch (e) {
      const signIn = e instanceof ApiError && e.status === 401;
      const message = signIn ? t("home.signInRequired") : t("home.createError", { message: (e as Error).message });
      setError({ about: "request", message });
      setBusy(false);
    }
  }

  const errorId = `${id}-error`;
  return (
    <section aria-labelledby={`${id}-heading`} className="card">
      <h2 id={`${id}-heading`}>{t("home.createTitle")}</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-title`}>{t("home.fieldTitle")}</label>
          <input
            id={`${id}-title`}
            value={title}
            onChange={(e) => {
              setTitle(e.target.value);
              if (error?.about === "title" && e.target.value.trim() !== "") setError(null);
            }}
            required
            aria-invalid={error?.about === "title" ? true : undefined}
            aria-describedby={error?.about === "title" ? errorId : undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>{t("home.fieldDescription")}</label>
          <textarea
            id={`${id}-description`}
            value={description}
            rows={2}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <fieldset>
          <legend>{t("home.columnsLegend")}</legend>
          <ol className="draft-columns">
            {columns.map((c, i) => {
              const field = `${id}-column-${c.key}`;
              const missingName = error?.about === "columns" && c.name.trim() === "";
              return (
                <li key={c.key} className="draft-column">
                  <div className="draft-column-field draft-column-name">
                    <label htmlFor={`${field}-name`}>{t("home.columnName", { index: i + 1 })}</label>
                    <input
                      id={`${field}-name`}
                      ref={(input) => {
                        if (input) nameInputs.current.set(c.key, input);
                        else nameInputs.current.delete(c.key);
                      }}
                      value={c.name}
                      onChange={(e) => update(c.key, { name: e.target.value })}
                      aria-invalid={missingName ? true : undefined}
                      aria-describedby={missingName ? errorId : undefined}
                    />
                  </div>
                  <div className="draft-column-field">
                    <label htmlFor={`${field}-type`}>{t("home.columnType", { index: i + 1 })}</label>
                    <select
                      id={`${field}-type`}
                      value={c.type}
                      onChange={(e) => update(c.key, { type: e.target.value as ColumnType })}
                    >
                      {columnTypes.map((type) => (
                        <option key={type} value={type}>
                          {t(`types.${type}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  {c.type === "choice" && (
                    <div className="draft-column-field draft-column-choices">
                      <label htmlFor={`${field}-choices`}>{t("home.columnChoices", { index: i + 1 })}</label>
                      <input
                        id={`${field}-choices`}
                        value={c.choices}
                        onChange={(e) => update(c.key, { choices: e.target.value })}
                      />
                    </div>
                  )}
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={t("home.removeColumn", { index: i + 1 })}
                    title={t("home.removeColumn", { index: i + 1 })}
                    disabled={columns.length === 1}
                    onClick={() => setColumns((cs) => cs.filter((x) => x.key !== c.key))}
                  >
                    ×
                  </button>
                </li>
              );
            })}
          </ol>
          <button type="button" onClick={addColumn}>
            {t("home.addColumn")}
          </button>
        </fieldset>
        {error && (
          <p role="alert" className="error" id={errorId}>
            {error.message}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("home.creating") : t("home.create")}
        </button>
      </form>
    </section>
  );
}

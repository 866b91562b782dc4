/** The list of datasets and the form to create one with its columns. */
import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { DatasetSummary } from "../../shared/api/datasets.ts";
import { type ColumnType, columnTypes } from "../../shared/dataset/schema.ts";
import { ApiRequestError, api } from "../api.ts";
import { currentLocale } from "../i18n/index.ts";
import { SignInGate } from "../session/SignInGate.tsx";
import { splitChoices } from "../splitChoices.ts";

type DraftColumn = { key: number; name: string; type: ColumnType; choices: string };

export function HomePage() {
  const { t } = useTranslation();
  const [datasets, setDatasets] = useState<DatasetSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);

  useEffect(() => {
    document.title = `${t("home.title")} · ${t("app.name")}`;
  }, [t]);

  useEffect(() => {
    let cancelled = false;
    api.listDatasets().then(
      (list) => {
        if (cancelled) return;
        setDatasets(list);
        rememberList(list);
      },
      (e: Error) => {
        if (cancelled) return;
        if (e instanceof ApiRequestError) return setError(e.message);
        // Offline (or the server is away): the list from the last visit, said as such.
        setDatasets(rememberedList() ?? []);
        setOffline(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <div className="page narrow">
      <p className="tagline">{t("app.tagline")}</p>
      <section aria-labelledby="datasets-heading">
        <h1 id="datasets-heading">{t("home.title")}</h1>
        {error && <p role="alert">{t("home.loadError", { message: error })}</p>}
        {!error && datasets === null && <p role="status">{t("home.loading")}</p>}
        {offline && <p role="status">{t(datasets?.length ? "home.offlineList" : "home.offlineEmpty")}</p>}
        {!offline && datasets?.length === 0 && <p>{t("home.empty")}</p>}
        {datasets && datasets.length > 0 && (
          <ul className="dataset-list">
            {datasets.map((d) => (
              <li key={d.id}>
                <Link to={`/datasets/${d.id}`}>{d.title}</Link>
                {d.description && <p>{d.description}</p>}
                <p className="muted">
                  {t("home.updated", {
                    date: new Intl.DateTimeFormat(currentLocale(), { dateStyle: "medium", timeStyle: "short" }).format(
                      new Date(d.updatedAt),
                    ),
                  })}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
      {offline ? (
        <p className="muted">{t("home.createOffline")}</p>
      ) : (
        <SignInGate>
          <p>
            <Link to="/import" className="button">
              {t("import.homeLink")}
            </Link>
          </p>
          <CreateDatasetForm />
        </SignInGate>
      )}
    </div>
  );
}

const LIST_KEY = "dataPatch.datasetList";

function rememberList(list: DatasetSummary[]) {
  try {
    localStorage.setItem(LIST_KEY, JSON.stringify(list));
  } catch {
    // storage full or refused: the list is only a convenience offline
  }
}

function rememberedList(): DatasetSummary[] | null {
  try {
    return JSON.parse(localStorage.getItem(LIST_KEY) ?? "null") as DatasetSummary[] | null;
  } catch {
    return null;
  }
}

let nextKey = 1;
const draft = (name = "", type: ColumnType = "text"): DraftColumn => ({ key: nextKey++, name, type, choices: "" });

function CreateDatasetForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [columns, setColumns] = useState<DraftColumn[]>(() => [draft()]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const update = (key: number, patch: Partial<DraftColumn>) =>
    setColumns((cs) => cs.map((c) => (c.key === key ? { ...c, ...patch } : c)));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === "") return setError(t("home.titleRequired"));
    if (columns.some((c) => c.name.trim() === "")) return setError(t("home.columnNameRequired"));
    setBusy(true);
    setError(null);
    try {
      const created = await api.createDataset({
        title: title.trim(),
        description: description.trim() || undefined,
        columns: columns.map((c) => ({
          name: c.name.trim(),
          type: c.type,
          ...(c.type === "choice" ? { choices: splitChoices(c.choices) } : {}),
        })),
      });
      navigate(`/datasets/${created.id}`);
    } catch (e) {
      const signIn = e instanceof ApiRequestError && e.status === 401;
      setError(signIn ? t("home.signInRequired") : t("home.createError", { message: (e as Error).message }));
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="card">
      <h2 id={`${id}-heading`}>{t("home.createTitle")}</h2>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-title`}>{t("home.fieldTitle")}</label>
          <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} required />
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
            {columns.map((c, i) => (
              <li key={c.key} className="draft-column">
                <input
                  aria-label={t("home.columnName", { index: i + 1 })}
                  value={c.name}
                  onChange={(e) => update(c.key, { name: e.target.value })}
                />
                <select
                  aria-label={t("home.columnType", { index: i + 1 })}
                  value={c.type}
                  onChange={(e) => update(c.key, { type: e.target.value as ColumnType })}
                >
                  {columnTypes.map((type) => (
                    <option key={type} value={type}>
                      {t(`types.${type}`)}
                    </option>
                  ))}
                </select>
                {c.type === "choice" && (
                  <input
                    aria-label={t("home.columnChoices", { index: i + 1 })}
                    value={c.choices}
                    onChange={(e) => update(c.key, { choices: e.target.value })}
                  />
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
            ))}
          </ol>
          <button type="button" onClick={() => setColumns((cs) => [...cs, draft()])}>
            {t("home.addColumn")}
          </button>
        </fieldset>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t("home.creating") : t("home.create")}
        </button>
      </form>
    </section>
  );
}

/** The list of datasets and the form to create one with its columns. */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type DatasetSummary, datasetApi } from "../../shared/api/datasets.ts";
import { ApiError, callApi } from "../api.ts";
import { currentLocale } from "../i18n/index.ts";
import { SignInGate } from "../session/SignInGate.tsx";
import { useSession } from "../session/session.tsx";
import { CreateDatasetForm } from "./home/CreateDatasetForm.tsx";

export function HomePage() {
  const { t } = useTranslation();
  const [datasets, setDatasets] = useState<DatasetSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState(false);
  const session = useSession();

  useEffect(() => {
    document.title = `${t("home.title")} · ${t("app.name")}`;
  }, [t]);

  useEffect(() => {
    let cancelled = false;
    callApi(datasetApi.list)
      .then(({ datasets }) => datasets)
      .then(
        (list) => {
          if (cancelled) return;
          setDatasets(list);
          rememberList(list);
        },
        (e: Error) => {
          if (cancelled) return;
          if (e instanceof ApiError) return setError(e.message);
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
        {!offline && datasets?.length === 0 && (
          <p>{t(session.state === "signed-out" ? "home.emptySignedOut" : "home.empty")}</p>
        )}
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

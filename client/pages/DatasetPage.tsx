/**
 * A dataset: finds its collaboration document (from the API, or from the last visit when offline),
 * opens the session (local copy first, then the server), and shows the title, connection status,
 * people present and the table.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiRequestError, api, collabUrl } from "../api.ts";
import { DatasetSession } from "../collab/datasetSession.ts";
import { ConnectionStatus } from "../components/ConnectionStatus.tsx";
import { PresenceBar } from "../components/PresenceBar.tsx";
import { DatasetGrid } from "../grid/DatasetGrid.tsx";

const DOC_NAMES_KEY = "dataPatch.documentNames";

type Load = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; session: DatasetSession };

export function DatasetPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [generation, setGeneration] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation reopens the dataset after a reset on the server
  useEffect(() => {
    let cancelled = false;
    let session: DatasetSession | null = null;
    setLoad({ state: "loading" });
    (async () => {
      const documentName = await findDocumentName(id);
      if (cancelled) return;
      session = await DatasetSession.open({ documentName, url: collabUrl() });
      if (cancelled) {
        session.destroy();
        return;
      }
      setLoad({ state: "ready", session });
    })().catch((e: unknown) => {
      if (cancelled) return;
      const message = e instanceof ApiRequestError && e.status === 404 ? t("dataset.notFound") : (e as Error).message;
      setLoad({ state: "error", message });
    });
    return () => {
      cancelled = true;
      session?.destroy();
    };
  }, [id, generation, t]);

  // A reset on the server: drop the local copy and reopen the new epoch.
  useEffect(() => {
    if (load.state !== "ready") return;
    return load.session.subscribe((state) => {
      if (!state.reset) return;
      forgetDocumentName(id);
      void load.session.discardLocalCopy().then(() => setGeneration((g) => g + 1));
    });
  }, [load, id]);

  if (load.state === "loading")
    return (
      <p role="status" className="page">
        {t("dataset.loading")}
      </p>
    );
  if (load.state === "error") {
    return (
      <div className="page narrow">
        <p role="alert">{t("dataset.loadError", { message: load.message })}</p>
        <Link to="/">{t("app.backHome")}</Link>
      </div>
    );
  }
  return <OpenDataset session={load.session} />;
}

function OpenDataset({ session }: { session: DatasetSession }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(() => session.view.meta().title);
  useEffect(
    () =>
      session.view.onChange((change) => {
        if (change.metaChanged) setTitle(session.view.meta().title);
      }),
    [session],
  );
  useEffect(() => {
    document.title = `${title || "…"} · ${t("app.name")}`;
  }, [title, t]);
  return (
    <div className="dataset-page">
      <div className="dataset-header">
        <h1>{title}</h1>
        <ConnectionStatus session={session} />
        <PresenceBar session={session} />
      </div>
      <DatasetGrid session={session} />
    </div>
  );
}

/** The document name of a dataset: asked from the server, remembered for offline visits. */
async function findDocumentName(id: string): Promise<string> {
  const remembered = readDocumentNames()[id];
  try {
    const details = await api.getDataset(id);
    writeDocumentName(id, details.documentName);
    return details.documentName;
  } catch (e) {
    if (e instanceof ApiRequestError || !remembered) throw e;
    return remembered; // offline: the last known epoch
  }
}

function readDocumentNames(): Record<string, string> {
  try {
    return JSON.parse(localStorage.getItem(DOC_NAMES_KEY) ?? "{}") as Record<string, string>;
  } catch {
    return {};
  }
}

function writeDocumentName(id: string, name: string) {
  localStorage.setItem(DOC_NAMES_KEY, JSON.stringify({ ...readDocumentNames(), [id]: name }));
}

function forgetDocumentName(id: string) {
  const names = readDocumentNames();
  delete names[id];
  localStorage.setItem(DOC_NAMES_KEY, JSON.stringify(names));
}

/**
 * A dataset: finds its collaboration document (from the API, or from the last visit when offline),
 * opens the session (local copy first, then the server), and shows the title, connection status,
 * people present, the share panel, and the rows as a table, cards or a map.
 */
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { datasetApi } from "../../shared/api/datasets.ts";
import { type Access, can } from "../../shared/rights.ts";
import { ApiError, callApi, collabUrl } from "../api.ts";
import { DatasetSession } from "../collab/datasetSession.ts";
import { deleteLocalCopies } from "../collab/localCopies.ts";
import { notOnServer, type UnsavedCell } from "../collab/unsavedChanges.ts";
import { ConnectionStatus } from "../components/ConnectionStatus.tsx";
import { ExportMenu } from "../components/ExportMenu.tsx";
import { PresenceBar } from "../components/PresenceBar.tsx";
import { UnsavedChangesNotice, type UnsavedReason } from "../components/UnsavedChangesNotice.tsx";
import { useDatasetShape } from "../grid/useDatasetShape.ts";
import { SuggestableGrid } from "../proposals/SuggestableGrid.tsx";
import { proposableCells, sendUnsavedAsProposal } from "../proposals/sendUnsaved.ts";
import { syncWatchdogBounds } from "../session/instance.ts";
import { DatasetSettingsLink } from "../session/SignInGate.tsx";
import { useSession } from "../session/session.tsx";
import { CardsView } from "../views/CardsView.tsx";
import { MapView } from "../views/MapView.tsx";
import { useDatasetViewChoice, ViewSwitch } from "../views/ViewSwitch.tsx";
import { DatasetAbout } from "./dataset/DatasetAbout.tsx";
import { PrivateOrMissing } from "./dataset/PrivateOrMissing.tsx";
import { SharePanel } from "./dataset/SharePanel.tsx";
import { useDatasetMeta } from "./dataset/useDatasetMeta.ts";
import { UpdatedNotice } from "./import/UpdatedNotice.tsx";

const DOC_NAMES_KEY = "dataPatch.documentNames";

/** What the page needs to open a dataset: its document and what this person may do on it. */
type Opening = { documentName: string } & Access;
type Load =
  | { state: "loading" }
  | { state: "error"; message: string; notFound?: boolean }
  | { state: "ready"; session: DatasetSession; access: Access };
/** Changes of an ended session the server may not have; `checked` once compared with what the server holds. */
type Unsaved = { reason: UnsavedReason; cells: UnsavedCell[]; checked: boolean };

export function DatasetPage() {
  const { id = "" } = useParams();
  const { t } = useTranslation();
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [generation, setGeneration] = useState(0);
  const [unsaved, setUnsaved] = useState<Unsaved | null>(null);
  const signedOut = useSession().state === "signed-out";
  // Read when a message is written: changing the language must not close and reopen the dataset.
  const tRef = useRef(t);
  tRef.current = t;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation reopens the dataset after a reset on the server
  useEffect(() => {
    let cancelled = false;
    let session: DatasetSession | null = null;
    setLoad({ state: "loading" });
    (async () => {
      const opening = await findOpening(id);
      if (cancelled) return;
      const access: Access = { role: opening.role, viaOpenness: opening.viaOpenness };
      // A reader's copy only mirrors the server (localCopies.ts): it opens offline, to read or propose.
      const readOnly = !can(access, "editCells");
      session = await DatasetSession.open({
        documentName: opening.documentName,
        url: collabUrl(),
        readOnly,
        watchdog: syncWatchdogBounds,
      });
      if (cancelled) {
        session.destroy();
        return;
      }
      setLoad({ state: "ready", session, access });
    })().catch((e: unknown) => {
      if (cancelled) return;
      const notFound = e instanceof ApiError && e.status === 404;
      if (notFound) forgetDataset(id);
      const message = notFound ? tRef.current("dataset.notFound") : (e as Error).message;
      setLoad({ state: "error", message, notFound });
    });
    return () => {
      cancelled = true;
      session?.destroy();
    };
  }, [id, generation]);

  // A reset on the server: drop the local copy and reopen the new epoch. Changed rights: reopen
  // if editing became possible or impossible, else just show the new tools.
  useEffect(() => {
    if (load.state !== "ready") return;
    let rightsSeen = load.session.getState().rightsChanges;
    return load.session.subscribe((state) => {
      if (state.lost) {
        keepUnsaved(setUnsaved, "lost", load.session, true);
        forgetDataset(id);
        load.session.destroy();
        setLoad({ state: "error", message: t("dataset.notFound") });
      } else if (state.reset) {
        keepUnsaved(setUnsaved, "reset", load.session, false);
        forgetDocumentName(id);
        void load.session.discardLocalCopy().then(() => setGeneration((g) => g + 1));
      } else if (state.rightsChanges !== rightsSeen) {
        rightsSeen = state.rightsChanges;
        void findOpening(id).then(
          (opening) => {
            const access: Access = { role: opening.role, viaOpenness: opening.viaOpenness };
            if (can(access, "editCells") !== can(load.access, "editCells")) {
              // Changes not acknowledged yet will not be sent by a reader: keep them for the person.
              if (!can(access, "editCells")) keepUnsaved(setUnsaved, "rights", load.session, false);
              setGeneration((g) => g + 1);
            } else setLoad({ ...load, access });
          },
          () => setGeneration((g) => g + 1),
        );
      }
    });
  }, [load, id, t]);

  // Once the next session has synced, only what the server does not hold as it was here is listed.
  useEffect(() => {
    if (load.state !== "ready" || !unsaved || unsaved.checked) return;
    const check = () => {
      if (!load.session.getState().synced) return;
      setUnsaved({ ...unsaved, cells: notOnServer(unsaved.cells, load.session.view), checked: true });
    };
    check();
    return load.session.subscribe(check);
  }, [load, unsaved]);
  // Editing closed but proposing open: the changes can go to the moderators instead.
  const canPropose =
    load.state === "ready" &&
    unsaved !== null &&
    can(load.access, "propose") &&
    !can(load.access, "editCells") &&
    proposableCells(unsaved.cells, load.session.view).length > 0;
  const notice = unsaved?.checked && (
    <UnsavedChangesNotice
      cells={unsaved.cells}
      reason={unsaved.reason}
      onDismiss={() => setUnsaved(null)}
      onPropose={
        canPropose && load.state === "ready"
          ? () => sendUnsavedAsProposal(id, unsaved.cells, load.session.view).then((p) => p.number)
          : undefined
      }
    />
  );

  if (load.state === "loading")
    return (
      <p role="status" className="page">
        {t("dataset.loading")}
      </p>
    );
  if (load.state === "error") {
    return (
      <div className="page narrow">
        {load.notFound && signedOut ? (
          <PrivateOrMissing />
        ) : (
          <p role="alert">{t("dataset.loadError", { message: load.message })}</p>
        )}
        {notice}
        <Link to="/">{t("app.backHome")}</Link>
      </div>
    );
  }
  const discardLocalChanges = () => {
    void load.session.discardLocalCopy().then(() => setGeneration((g) => g + 1));
  };
  return (
    <>
      {notice}
      <OpenDataset
        datasetId={id}
        session={load.session}
        access={load.access}
        onDiscardLocalChanges={discardLocalChanges}
      />
    </>
  );
}

function OpenDataset({
  datasetId,
  session,
  access,
  onDiscardLocalChanges,
}: {
  datasetId: string;
  session: DatasetSession;
  access: Access;
  onDiscardLocalChanges: () => void;
}) {
  const { t } = useTranslation();
  const [refused, setRefused] = useState(() => session.getState().refused);
  useEffect(() => session.subscribe((state) => setRefused(state.refused)), [session]);
  const meta = useDatasetMeta(session);
  const { title } = meta;
  const { columns } = useDatasetShape(session.view);
  const hasMap = columns.some((c) => c.type === "latitude") && columns.some((c) => c.type === "longitude");
  const [view, chooseView] = useDatasetViewChoice(hasMap);
  const [sharing, setSharing] = useState(false);
  const shareButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    document.title = `${title || "…"} · ${t("app.name")}`;
  }, [title, t]);
  return (
    <div className="dataset-page">
      <div className="dataset-header">
        <h1>{title}</h1>
        <ConnectionStatus session={session} />
        <PresenceBar session={session} />
        <ExportMenu datasetId={datasetId} columns={columns} canUpdate={can(access, "editCells")} />
        <button ref={shareButton} type="button" aria-expanded={sharing} onClick={() => setSharing(!sharing)}>
          {t("share.panel.open")}
        </button>
        {access.role === "owner" && <DatasetSettingsLink />}
      </div>
      {sharing && (
        <SharePanel
          datasetId={datasetId}
          title={title}
          hasMap={hasMap}
          isOwner={access.role === "owner"}
          onClose={() => {
            setSharing(false);
            shareButton.current?.focus();
          }}
        />
      )}
      <UpdatedNotice />
      <DatasetAbout session={session} meta={meta} canEdit={can(access, "editStructure")} />
      {refused && (
        <div role="alert" className="notice">
          <p>
            {t("dataset.changeRefused", {
              reason: t(`dataset.refusedReasons.${refused}`, { defaultValue: refused }),
            })}
          </p>
          <button type="button" onClick={onDiscardLocalChanges}>
            {t("dataset.discardLocalChanges")}
          </button>
          <UnsavedChangesNotice cells={session.unsavedCells()} reason="refused" />
        </div>
      )}
      <ViewSwitch view={view} hasMap={hasMap} onChoose={chooseView} />
      {/* The table stays mounted (its filters, selection and suggestions) while another view shows. */}
      <div className="dataset-view" hidden={view !== "grid"}>
        <SuggestableGrid datasetId={datasetId} session={session} access={access} />
      </div>
      {view === "cards" && <CardsView view={session.view} />}
      {view === "map" && <MapView view={session.view} />}
    </div>
  );
}

/** Keeps the changes an ending session has not had acknowledged, if any, for the notice. */
function keepUnsaved(
  set: (unsaved: Unsaved) => void,
  reason: UnsavedReason,
  session: DatasetSession,
  checked: boolean,
) {
  const cells = session.unsavedCells();
  if (cells.length > 0) set({ reason, cells, checked });
}

/** A dataset's document and this person's access: asked from the server, remembered for offline visits. */
async function findOpening(id: string): Promise<Opening> {
  const remembered = readDocumentNames()[id];
  try {
    const details = await callApi(datasetApi.get, { params: { id } });
    const opening = { documentName: details.documentName, role: details.role, viaOpenness: details.viaOpenness };
    writeDocumentName(id, opening);
    return opening;
  } catch (e) {
    if (e instanceof ApiError || !remembered) throw e;
    return remembered; // offline: the last known epoch and access
  }
}

function readDocumentNames(): Record<string, Opening> {
  try {
    return JSON.parse(localStorage.getItem(DOC_NAMES_KEY) ?? "{}") as Record<string, Opening>;
  } catch {
    return {};
  }
}

function writeDocumentName(id: string, opening: Opening) {
  localStorage.setItem(DOC_NAMES_KEY, JSON.stringify({ ...readDocumentNames(), [id]: opening }));
}

/** Access lost or dataset gone: nothing of it stays on this device. */
function forgetDataset(id: string) {
  forgetDocumentName(id);
  void deleteLocalCopies(id);
}

function forgetDocumentName(id: string) {
  const names = readDocumentNames();
  delete names[id];
  localStorage.setItem(DOC_NAMES_KEY, JSON.stringify(names));
}

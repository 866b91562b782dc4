/**
 * Bringing a file: drop it on the page, pick it, or paste a link (a Google Sheet, a GitHub or
 * GitLab file, any https file); see how it is read (encoding, delimiter, sheet, column types,
 * first rows as stored, problems), change what is wrong, then make it a dataset. The dataset is
 * made by an import job on the server, followed here with a progress bar; its id is kept in the
 * page's address (?job=…), so a reload shows the same import.
 */
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { type ImportJob, importJobApi } from "../../../shared/api/importJobs.ts";
import { type ImportPreview, importApi, type ReadOptions } from "../../../shared/api/imports.ts";
import { type ColumnType, columnTypes } from "../../../shared/dataset/schema.ts";
import { callApi } from "../../api.ts";
import { currentLocale } from "../../i18n/index.ts";
import { uploadFile } from "../../importUpload.ts";
import { SignInGate } from "../../session/SignInGate.tsx";
import { FileDrop } from "./FileDrop.tsx";
import { FileField } from "./FileField.tsx";
import { ImportJobProgress } from "./ImportJobProgress.tsx";
import { ImportPreviewView } from "./ImportPreviewView.tsx";
import { useImportErrorText } from "./importErrorText.ts";

type Stage =
  | { kind: "idle" }
  | { kind: "uploading"; sent: number; total: number }
  | { kind: "reading" }
  | { kind: "creating" };

export function ImportPage() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t("import.title")} · ${t("app.name")}`;
  }, [t]);
  return (
    <div className="page">
      <h1>{t("import.title")}</h1>
      <SignInGate>
        <Importer />
      </SignInGate>
    </div>
  );
}

function Importer() {
  const { t } = useTranslation();
  const importErrorText = useImportErrorText();
  const navigate = useNavigate();
  const id = useId();
  const [stage, setStage] = useState<Stage>({ kind: "idle" });
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [options, setOptions] = useState<ReadOptions>({});
  const [columns, setColumns] = useState<ImportPreview["columns"]>([]);
  const [title, setTitle] = useState("");
  const [link, setLink] = useState("");
  const [search, setSearch] = useSearchParams();
  const jobId = search.get("job");
  const [underway, setUnderway] = useState<ImportJob[]>([]);
  useEffect(() => {
    if (jobId) return;
    callApi(importJobApi.underway).then(
      ({ jobs }) => setUnderway(jobs),
      () => setUnderway([]),
    );
  }, [jobId]);
  const imported = useCallback(
    (job: ImportJob) => navigate(`/datasets/${job.datasetId}`, { replace: true }),
    [navigate],
  );

  // Controls are disabled while the server reads, which drops the focus: it comes back to the
  // preview's heading for a new file, or to the control just changed.
  const previewHeading = useRef<HTMLHeadingElement>(null);
  const focusAfterReading = useRef<string | null>(null);
  useEffect(() => {
    if (!preview || !focusAfterReading.current) return;
    const target = focusAfterReading.current;
    focusAfterReading.current = null;
    if (target === "heading") previewHeading.current?.focus();
    else document.getElementById(target)?.focus();
  }, [preview]);

  const show = (next: ImportPreview) => {
    setPreview(next);
    setColumns(next.columns);
    setTitle((current) => current || next.fileName.replace(/\.[a-z0-9]+$/i, ""));
    setStage({ kind: "idle" });
  };
  const failed = (e: Error) => {
    setError(importErrorText(e));
    setStage({ kind: "idle" });
  };

  function send(file: File) {
    focusAfterReading.current = "heading";
    setError(null);
    setPreview(null);
    setTitle("");
    setStage({ kind: "uploading", sent: 0, total: file.size });
    uploadFile(file, currentLocale(), (sent, total) =>
      setStage(sent < total ? { kind: "uploading", sent, total } : { kind: "reading" }),
    ).then(show, failed);
  }

  function fetchLink(event: FormEvent) {
    event.preventDefault();
    if (!link.trim()) return;
    // A link copied from the address bar often lacks its scheme (docs.google.com/…): it is https.
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(link.trim()) ? link.trim() : `https://${link.trim()}`;
    setLink(url);
    focusAfterReading.current = "heading";
    setError(null);
    setPreview(null);
    setTitle("");
    setStage({ kind: "reading" });
    callApi(importApi.fromLink, { body: { url, locale: currentLocale() } }).then(show, (e: Error) => {
      failed(e);
      // The button was disabled while the link was fetched: back to the link, to correct it.
      document.getElementById(`${id}-link`)?.focus();
    });
  }

  function reread(change: ReadOptions) {
    if (!preview) return;
    focusAfterReading.current = document.activeElement?.id || null;
    const next = { ...options, ...change, locale: currentLocale() };
    setOptions(next);
    setStage({ kind: "reading" });
    callApi(importApi.preview, { params: { uploadId: preview.uploadId }, body: next }).then(show, failed);
  }

  async function create(event: FormEvent) {
    event.preventDefault();
    if (!preview) return;
    if (!title.trim()) return setError(t("import.titleRequired"));
    setStage({ kind: "creating" });
    setError(null);
    try {
      const job = await callApi(importApi.startCreate, {
        params: { uploadId: preview.uploadId },
        body: { ...options, locale: currentLocale(), title: title.trim(), columns },
      });
      setStage({ kind: "idle" });
      setSearch({ job: job.id });
    } catch (e) {
      failed(e as Error);
    }
  }

  const busy = stage.kind !== "idle";

  if (jobId)
    return (
      <>
        {/* A file dropped while an import runs is taken by nobody, rather than opened by the browser. */}
        <FileDrop onFile={send} disabled />
        <ImportJobProgress
          jobId={jobId}
          onDone={imported}
          onAgain={() => {
            setPreview(null);
            setSearch({});
          }}
        />
      </>
    );

  return (
    <div className="import-drop">
      <FileDrop onFile={send} disabled={busy} />
      <section className="card" aria-labelledby={`${id}-source`}>
        <h2 id={`${id}-source`}>{t("import.sourceTitle")}</h2>
        {underway.map((job) => (
          <p key={job.id} className="notice">
            {t("import.underway")}{" "}
            <Link to={`/import?job=${job.id}`}>{t("import.follow", { name: job.fileName })}</Link>
          </p>
        ))}
        <p>{t("import.dropHint")}</p>
        <FileField disabled={busy} onFile={send} />
        <form onSubmit={fetchLink} className="field" noValidate>
          <label htmlFor={`${id}-link`}>{t("import.link")}</label>
          <input
            id={`${id}-link`}
            type="url"
            placeholder="https://docs.google.com/spreadsheets/d/…"
            value={link}
            onChange={(event) => setLink(event.target.value)}
          />
          <button type="submit" disabled={busy || !link.trim()}>
            {t("import.fetchLink")}
          </button>
        </form>
        {stage.kind === "uploading" && (
          <p role="status">
            <label htmlFor={`${id}-progress`}>{t("import.uploading")}</label>{" "}
            <progress id={`${id}-progress`} value={stage.sent} max={stage.total || 1} />
          </p>
        )}
        {stage.kind === "reading" && <p role="status">{t("import.reading")}</p>}
        {error && (
          <p role="alert" className="error">
            {t("import.error", { message: error })}
          </p>
        )}
      </section>

      {preview && (
        <form className="card" onSubmit={create} aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`} ref={previewHeading} tabIndex={-1}>
            {t("import.previewTitle", { name: preview.fileName })}
          </h2>
          <ImportPreviewView
            preview={preview}
            columns={columns}
            disabled={busy}
            onRead={reread}
            onColumn={(index, type: ColumnType) =>
              setColumns((cs) => cs.map((c, i) => (i === index ? { ...c, type, choices: [] } : c)))
            }
            onName={(index, name) => setColumns((cs) => cs.map((c, i) => (i === index ? { ...c, name } : c)))}
            types={columnTypes}
          />
          <div className="field">
            <label htmlFor={`${id}-title`}>{t("import.datasetTitle")}</label>
            <input id={`${id}-title`} value={title} onChange={(event) => setTitle(event.target.value)} required />
          </div>
          <button type="submit" className="primary" disabled={busy}>
            {stage.kind === "creating" ? t("import.creating") : t("import.create", { count: preview.rowCount })}
          </button>
          {stage.kind === "creating" && (
            <p role="status">
              <progress aria-label={t("import.creating")} />
            </p>
          )}
        </form>
      )}
    </div>
  );
}

/**
 * Updating a dataset from a new version of its file: send the file, choose the key column (the
 * one whose values identify rows) and whether rows missing from the file are deleted, see what
 * would be added, changed and removed, then apply it: an import job on the server, followed with a
 * progress bar (its id in the address, ?job=…, so a reload shows it again).
 */
import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { type DatasetDetails, datasetApi } from "../../../shared/api/datasets.ts";
import { type ImportPreview, importApi, type UpdateByKeyPreview } from "../../../shared/api/imports.ts";
import { callApi } from "../../api.ts";
import { currentLocale } from "../../i18n/index.ts";
import { uploadFile } from "../../importUpload.ts";
import { FileDrop } from "./FileDrop.tsx";
import { FileField } from "./FileField.tsx";
import { ImportJobProgress } from "./ImportJobProgress.tsx";
import { useImportErrorText } from "./importErrorText.ts";
import type { UpdatedState } from "./UpdatedNotice.tsx";
import { UpdateExamples } from "./UpdateExamples.tsx";

export function UpdateFromFilePage() {
  const { t } = useTranslation();
  const importErrorText = useImportErrorText();
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const formId = useId();
  const [dataset, setDataset] = useState<DatasetDetails | null>(null);
  const [upload, setUpload] = useState<ImportPreview | null>(null);
  const [keyColumnId, setKeyColumnId] = useState("");
  const [deleteMissing, setDeleteMissing] = useState(false);
  const [plan, setPlan] = useState<UpdateByKeyPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useSearchParams();
  const jobId = search.get("job");
  const changesHeading = useRef<HTMLHeadingElement>(null);
  // Each new set of changes is read from its heading; any other file, key or choice hides them until asked again.
  useEffect(() => {
    if (plan) changesHeading.current?.focus();
  }, [plan]);
  const choose = (change: () => void) => {
    change();
    setPlan(null);
  };
  const updated = useCallback(() => {
    const state: UpdatedState | null =
      plan && upload
        ? {
            updated: {
              fileName: upload.fileName,
              added: plan.added,
              changed: plan.changedRows,
              deleted: plan.deletesMissing ? plan.removed : 0,
            },
          }
        : null;
    navigate(`/datasets/${id}`, { replace: true, state });
  }, [navigate, id, plan, upload]);

  useEffect(() => {
    callApi(datasetApi.get, { params: { id } }).then(
      (d) => {
        setDataset(d);
        setKeyColumnId((k) => k || d.columns[0]?.id || "");
      },
      (e: Error) => setError(importErrorText(e)),
    );
  }, [id, importErrorText]);
  useEffect(() => {
    document.title = `${t("import.updateTitle")} · ${t("app.name")}`;
  }, [t]);

  const run = async <T,>(work: () => Promise<T>) => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(importErrorText(e));
      return null;
    } finally {
      setBusy(false);
    }
  };

  const send = (file: File) =>
    run(async () => {
      setPlan(null);
      setUpload(await uploadFile(file, currentLocale(), () => {}));
    });

  const previewChanges = (event: FormEvent) => {
    event.preventDefault();
    if (!upload) return;
    run(async () =>
      setPlan(
        await callApi(importApi.updatePreview, {
          params: { id },
          body: { uploadId: upload.uploadId, keyColumnId, deleteMissing, locale: currentLocale() },
        }),
      ),
    );
  };

  const apply = () =>
    upload &&
    run(async () => {
      const job = await callApi(importApi.startUpdate, {
        params: { id },
        body: { uploadId: upload.uploadId, keyColumnId, deleteMissing, locale: currentLocale() },
      });
      setSearch({ job: job.id });
    });

  return (
    <div className="page narrow">
      <p>
        <Link to={`/datasets/${id}`}>{dataset?.title ?? "…"}</Link>
      </p>
      <h1>{t("import.updateTitle")}</h1>
      <p>{t("import.updateHint")}</p>
      <FileDrop onFile={send} disabled={busy || jobId !== null} />
      {jobId ? (
        <ImportJobProgress
          jobId={jobId}
          onDone={updated}
          onAgain={() => {
            setPlan(null);
            setSearch({});
          }}
        />
      ) : (
        <>
          <form onSubmit={previewChanges} className="card">
            <FileField disabled={busy} onFile={send} />
            <div className="field">
              <label htmlFor={`${formId}-key`}>{t("import.keyColumn")}</label>
              <select
                id={`${formId}-key`}
                value={keyColumnId}
                onChange={(event) => choose(() => setKeyColumnId(event.target.value))}
              >
                {dataset?.columns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label className="choice">
                <input
                  type="checkbox"
                  checked={deleteMissing}
                  onChange={(event) => choose(() => setDeleteMissing(event.target.checked))}
                />
                <span>{t("import.deleteMissing")}</span>
              </label>
            </div>
            <button type="submit" disabled={busy || !upload || !keyColumnId}>
              {t("import.previewChanges")}
            </button>
            {busy && <p role="status">{t("import.reading")}</p>}
            {error && (
              <p role="alert" className="error">
                {t("import.error", { message: error })}
              </p>
            )}
          </form>
          {plan && (
            <section className="card" aria-labelledby={`${formId}-changes`}>
              <h2 id={`${formId}-changes`} ref={changesHeading} tabIndex={-1}>
                {t("import.changesTitle")}
              </h2>
              <ul>
                <li>{t("import.added", { count: plan.added })}</li>
                <li>{t("import.changed", { count: plan.changedRows, cells: plan.changedCells })}</li>
                <li>
                  {plan.deletesMissing
                    ? t("import.removed", { count: plan.removed })
                    : t("import.kept", { count: plan.removed })}
                </li>
                <li>{t("import.unchanged", { count: plan.unchanged })}</li>
              </ul>
              {plan.unmatched.length > 0 && <p>{t("import.unmatched", { columns: plan.unmatched.join(", ") })}</p>}
              <UpdateExamples plan={plan} columns={dataset?.columns ?? []} />
              {plan.added + plan.changedRows + (plan.deletesMissing ? plan.removed : 0) === 0 ? (
                <p role="status">{t("import.nothingToUpdate")}</p>
              ) : (
                <button type="button" className="primary" disabled={busy} onClick={apply}>
                  {t("import.apply")}
                </button>
              )}
            </section>
          )}
        </>
      )}
    </div>
  );
}

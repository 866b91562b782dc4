/**
 * An import running on the server, followed until it ends: a progress bar, what it is doing
 * (for an update: reading the file, comparing it with the dataset, writing the changes), and
 * Cancel. It is found by its id alone, so a page reloaded mid-way (the id is in its address) shows
 * the same import again. Done calls `onDone`; failed or cancelled says that nothing was written.
 */
import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { finishedJobStates, type ImportJob, importJobApi } from "../../../shared/api/importJobs.ts";
import { callApi } from "../../api.ts";
import { useImportErrorText } from "./importErrorText.ts";
import { jobErrorText } from "./jobErrorText.ts";

const POLL_MS = 500;

type Span = Record<ImportJob["state"], [number, number]>;
/**
 * Where each state sits on the bar, in percent. A new dataset: reading the file is the longest
 * part, then its rows are read into the document — or, for a CSV given the preview's columns,
 * both at once while its bytes are counted (no building). An update: the file is read, its rows
 * compared with the dataset, then its changes written.
 */
const SPAN: Record<ImportJob["kind"], Span> = {
  create: {
    queued: [0, 0],
    reading: [5, 65],
    building: [40, 65],
    writing: [65, 100],
    done: [100, 100],
    failed: [0, 0],
    cancelled: [0, 0],
  },
  update: {
    queued: [0, 0],
    reading: [5, 5],
    building: [30, 60],
    writing: [60, 100],
    done: [100, 100],
    failed: [0, 0],
    cancelled: [0, 0],
  },
};

export function percentOf(job: ImportJob): number {
  const [from, to] = SPAN[job.kind][job.state];
  const { done, total } = job.progress;
  const share = done === null || total === 0 ? 0 : Math.min(1, done / total);
  return Math.round(from + (to - from) * share);
}

export function ImportJobProgress({
  jobId,
  onDone,
  onAgain,
}: {
  jobId: string;
  onDone: (job: ImportJob) => void;
  onAgain: () => void;
}) {
  const { t, i18n } = useTranslation();
  const importErrorText = useImportErrorText();
  const id = useId();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const current = await callApi(importJobApi.get, { params: { jobId } });
        if (stopped) return;
        setJob(current);
        setError(null);
        if (current.state === "done") return onDone(current);
        if (finishedJobStates.includes(current.state)) return;
      } catch (e) {
        if (stopped) return;
        setError(importErrorText(e));
      }
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId, onDone, importErrorText]);

  const number = (n: number | null) => (n === null ? "…" : new Intl.NumberFormat(i18n.language).format(n));
  const size = (bytes: number) =>
    new Intl.NumberFormat(i18n.language, { style: "unit", unit: "megabyte", maximumFractionDigits: 1 }).format(
      bytes / 1_000_000,
    );

  async function cancel() {
    setCancelling(true);
    try {
      setJob(await callApi(importJobApi.cancel, { params: { jobId } }));
    } catch (e) {
      setError(importErrorText(e));
    } finally {
      setCancelling(false);
    }
  }

  if (!job)
    return (
      <section className="card" aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t("import.jobLoadingTitle")}</h2>
        {error ? (
          <p role="alert" className="error">
            {t("import.jobLost", { message: error })}
          </p>
        ) : (
          <p role="status">{t("import.jobLoading")}</p>
        )}
        {error && (
          <button type="button" onClick={onAgain}>
            {t("import.again")}
          </button>
        )}
      </section>
    );

  const finished = finishedJobStates.includes(job.state);
  const { done, total, unit } = job.progress;
  // Writing into the dataset (all counted done) is a moment and cannot be stopped; an update's
  // changes counted before that are still only in the worker, and can.
  const stoppable = !finished && !(job.state === "writing" && done === total);
  const counted = { done: number(done), total: number(total) };
  const doing =
    job.state === "reading"
      ? t("import.job.reading", { size: size(unit === "bytes" ? total : 0) })
      : job.state !== "building" && job.state !== "writing"
        ? t(`import.job.${job.state}`)
        : job.kind === "create"
          ? t(`import.job.${job.state}`, counted)
          : job.state === "writing" && total === 0
            ? t("import.job.update.nothing")
            : t(`import.job.update.${job.state}`, counted);

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t("import.jobTitle", { name: job.fileName })}</h2>
      {!finished || job.state === "done" ? (
        <>
          <progress
            aria-label={t("import.progressLabel")}
            aria-valuetext={doing}
            value={percentOf(job)}
            max={100}
            className="import-progress"
          />
          <p role="status">{doing}</p>
        </>
      ) : job.state === "failed" ? (
        <p role="alert" className="error">
          {t(job.errorCode === "interrupted-writing" ? "import.jobFailedAfterWrite" : "import.job.failed", {
            message: jobErrorText(t, job),
          })}
        </p>
      ) : (
        <p role="status">{t("import.job.cancelled")}</p>
      )}
      {error && (
        <p role="alert" className="error">
          {t("import.error", { message: error })}
        </p>
      )}
      {!finished && (
        <button type="button" onClick={cancel} disabled={cancelling || !stoppable}>
          {t("import.cancel")}
        </button>
      )}
      {finished && job.state !== "done" && (
        <button type="button" onClick={onAgain}>
          {t("import.again")}
        </button>
      )}
    </section>
  );
}

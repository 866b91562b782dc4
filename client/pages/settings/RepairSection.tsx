/**
 * Dataset settings (owners): content of the document outside the dataset's format, and rebuilding
 * the dataset from what reads correctly (docs/API.md, repair). Shown only when problems exist.
 */
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { type DatasetProblems, datasetApi } from "../../../shared/api/datasets.ts";
import { callApi } from "../../api.ts";
import { ErrorMessage, StatusMessage, useErrorText } from "../../session/ui.tsx";

export function RepairSection({ datasetId }: { datasetId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [found, setFound] = useState<DatasetProblems | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);

  // The confirmation replaces the button that asked for it, and back: the keyboard focus follows.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) askButton.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);

  useEffect(() => {
    let cancelled = false;
    callApi(datasetApi.problems, { params: { id: datasetId } }).then(
      (p) => !cancelled && setFound(p),
      (e) => !cancelled && setError(errorText(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [datasetId, errorText]);

  async function repair() {
    setBusy(true);
    setError(null);
    try {
      const { rows } = await callApi(datasetApi.repair, { params: { id: datasetId } });
      setFound({ problems: [], truncated: false });
      setConfirming(false);
      setStatus(t("accounts.settings.repaired", { count: rows }));
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  const count = found?.problems.length ?? 0;
  if (count === 0 && !status && !error) return null;

  return (
    <section className="card danger-zone" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("accounts.settings.repairTitle")}</h2>
      {count > 0 && (
        <p>
          {found?.truncated
            ? t("accounts.settings.problemsMany", { count })
            : t("accounts.settings.problems", { count })}
        </p>
      )}
      {count > 0 && !confirming && (
        <button ref={askButton} type="button" className="danger" onClick={() => setConfirming(true)}>
          {t("accounts.settings.repairButton")}
        </button>
      )}
      {confirming && (
        <div>
          <p id={`${id}-d`} className="warning">
            {t("accounts.settings.repairConfirmIntro")}
          </p>
          <button
            ref={confirmButton}
            type="button"
            className="danger solid"
            aria-describedby={`${id}-d`}
            disabled={busy}
            onClick={() => void repair()}
          >
            {t("accounts.settings.repairConfirm")}
          </button>{" "}
          <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
            {t("accounts.cancel")}
          </button>
        </div>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{status}</StatusMessage>
    </section>
  );
}

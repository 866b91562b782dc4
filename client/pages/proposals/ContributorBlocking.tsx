/**
 * On a proposal's review: block its contributor (their pending proposals on the dataset are rejected
 * and they may no longer propose there, docs/PROPOSALS.md P23), or unblock one who is blocked; both
 * confirmed first.
 */
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { moderationApi, type ProposalView } from "../../../shared/api/proposals.ts";
import { callApi } from "../../api.ts";
import { ErrorMessage, StatusMessage, useErrorText } from "../../session/ui.tsx";

export function ContributorBlocking({
  proposal,
  blocked,
  onChanged,
}: {
  proposal: ProposalView;
  blocked: boolean;
  /** After blocking (their proposals were rejected: the review is read again) or unblocking. */
  onChanged: (blocked: boolean) => Promise<void>;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  const name = proposal.nickname ?? t("proposals.blocking.this");

  // The confirmation replaces the button that asked for it, and back: the keyboard focus follows.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) askButton.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);

  async function act() {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      if (blocked) {
        await callApi(moderationApi.unblock, { params: { id: proposal.datasetId, number: proposal.number } });
        setStatus(t("proposals.blocking.unblocked", { name: proposal.nickname ?? t("proposals.blocking.anonymous") }));
      } else {
        const { rejected } = await callApi(moderationApi.block, {
          params: { id: proposal.datasetId, number: proposal.number },
        });
        setStatus(t("proposals.blocking.blocked", { count: rejected }));
      }
      setConfirming(false);
      await onChanged(!blocked);
    } catch (e) {
      setError(
        t(blocked ? "proposals.blocking.unblockError" : "proposals.blocking.blockError", { message: errorText(e) }),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card danger-zone contributor-blocking" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t("proposals.blocking.sectionTitle")}</h2>
      {blocked ? (
        <p className="notice">{t("proposals.blocking.isBlocked")}</p>
      ) : (
        <p>{t("proposals.blocking.blockIntro")}</p>
      )}
      <StatusMessage>{status}</StatusMessage>
      <ErrorMessage>{error}</ErrorMessage>
      {!confirming ? (
        <p className="row-actions">
          <button
            ref={askButton}
            type="button"
            className={blocked ? undefined : "danger"}
            onClick={() => setConfirming(true)}
          >
            {blocked ? t("proposals.blocking.unblock") : t("proposals.blocking.block")}
          </button>
        </p>
      ) : (
        <div>
          <div id={`${id}-d`} className="warning">
            {blocked ? (
              <p>{t("proposals.blocking.confirmUnblock", { name })}</p>
            ) : (
              <>
                <p>{t("proposals.blocking.confirmBlock", { name })}</p>
                {!proposal.signedIn && <p>{t("proposals.blocking.confirmBlockAddress")}</p>}
                <p>{t("proposals.blocking.confirmBlockLater")}</p>
              </>
            )}
          </div>
          <p className="row-actions">
            <button
              ref={confirmButton}
              type="button"
              className={blocked ? "primary" : "danger solid"}
              aria-describedby={`${id}-d`}
              disabled={busy}
              onClick={() => void act()}
            >
              {blocked ? t("proposals.blocking.confirmUnblockButton") : t("proposals.blocking.confirmBlockButton")}
            </button>
            <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
              {t("proposals.cancel")}
            </button>
          </p>
        </div>
      )}
      <p>
        <Link to={`/datasets/${proposal.datasetId}/proposals#blocked`}>{t("proposals.blocking.seeList")}</Link>
      </p>
    </section>
  );
}

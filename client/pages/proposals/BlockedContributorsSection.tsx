/**
 * The moderators' list of who is blocked on a dataset (docs/PROPOSALS.md P23), under the queue: each
 * contributor or account with the proposal they were blocked from, when and by whom, whether their
 * address is refused too (until the server's daily key changes), and Unblock, confirmed.
 */
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type BlockedContributor, moderationApi } from "../../../shared/api/proposals.ts";
import { callApi } from "../../api.ts";
import { ErrorMessage, formatDate, StatusMessage, useErrorText } from "../../session/ui.tsx";

export function BlockedContributorsSection({ datasetId }: { datasetId: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [blocked, setBlocked] = useState<BlockedContributor[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);

  const loaded = blocked !== null;
  // Linked to from a review (`#blocked`): the list is shown once it has loaded.
  useEffect(() => {
    if (loaded && window.location.hash === "#blocked") headingRef.current?.scrollIntoView();
  }, [loaded]);

  useEffect(() => {
    let cancelled = false;
    callApi(moderationApi.blocked, { params: { id: datasetId } }).then(
      (answer) => !cancelled && setBlocked(answer.blocked),
      (e: unknown) => !cancelled && setError(t("proposals.blocking.loadError", { message: errorText(e) })),
    );
    return () => {
      cancelled = true;
    };
  }, [datasetId, errorText, t]);

  const unblocked = (entry: BlockedContributor, name: string) => {
    setBlocked((list) => list?.filter((b) => b !== entry) ?? null);
    setStatus(t("proposals.blocking.unblocked", { name }));
    // The entry and its buttons are gone: the keyboard focus goes to the section.
    headingRef.current?.focus();
  };

  return (
    <section id="blocked" className="blocked-contributors" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} ref={headingRef} tabIndex={-1}>
        {t("proposals.blocking.listTitle")}
      </h2>
      <p className="muted">{t("proposals.blocking.listIntro")}</p>
      <ErrorMessage>{error}</ErrorMessage>
      <StatusMessage>{status}</StatusMessage>
      {!error && blocked === null && <p role="status">{t("proposals.blocking.loading")}</p>}
      {blocked?.length === 0 && <p>{t("proposals.blocking.none")}</p>}
      {blocked && blocked.length > 0 && (
        <ul className="plain-list">
          {blocked.map((entry) => (
            <BlockedEntry
              key={`${entry.kind}-${entry.proposalNumber}`}
              datasetId={datasetId}
              entry={entry}
              onUnblocked={unblocked}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function BlockedEntry({
  datasetId,
  entry,
  onUnblocked,
}: {
  datasetId: string;
  entry: BlockedContributor;
  onUnblocked: (entry: BlockedContributor, name: string) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const askButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  const name = entry.nickname ?? t("proposals.blocking.anonymous");

  // The confirmation replaces the button that asked for it, and back: the keyboard focus follows.
  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
    else if (asked.current) askButton.current?.focus();
    asked.current ||= confirming;
  }, [confirming]);

  async function unblock() {
    setBusy(true);
    setError(null);
    try {
      await callApi(moderationApi.unblock, { params: { id: datasetId, number: entry.proposalNumber } });
      onUnblocked(entry, name);
    } catch (e) {
      setError(t("proposals.blocking.unblockError", { message: errorText(e) }));
      setBusy(false);
    }
  }

  const date = formatDate(entry.blockedAt);
  return (
    <li className="blocked-entry" aria-labelledby={`${id}-name`}>
      <p>
        <strong id={`${id}-name`}>{name}</strong>{" "}
        <span className="muted">· {t(`proposals.blocking.kind.${entry.kind}`)}</span>
      </p>
      <p>
        <Link to={`/datasets/${datasetId}/proposals/${entry.proposalNumber}`}>
          {t("proposals.number", { number: entry.proposalNumber })}
        </Link>{" "}
        ·{" "}
        {entry.blockedBy
          ? t("proposals.blocking.when", { date, name: entry.blockedBy })
          : t("proposals.blocking.whenUnknown", { date })}
      </p>
      <p className="muted">
        {entry.address === null
          ? t("proposals.blocking.accountOnly")
          : entry.address.state === "blocked"
            ? t("proposals.blocking.addressBlocked", { date: formatDate(entry.address.until) })
            : t("proposals.blocking.addressLapsed")}
      </p>
      {!confirming ? (
        <button ref={askButton} type="button" onClick={() => setConfirming(true)}>
          {t("proposals.blocking.unblock")}
          <span className="visually-hidden"> {name}</span>
        </button>
      ) : (
        <div>
          <p id={`${id}-d`} className="warning">
            {t("proposals.blocking.confirmUnblock", { name })}
          </p>
          <button
            ref={confirmButton}
            type="button"
            className="primary"
            aria-describedby={`${id}-d`}
            disabled={busy}
            onClick={() => void unblock()}
          >
            {t("proposals.blocking.confirmUnblockButton")}
          </button>{" "}
          <button type="button" disabled={busy} onClick={() => setConfirming(false)}>
            {t("proposals.cancel")}
          </button>
        </div>
      )}
      <ErrorMessage>{error}</ErrorMessage>
    </li>
  );
}

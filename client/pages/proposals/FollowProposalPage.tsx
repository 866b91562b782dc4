/**
 * A proposal for whoever holds its private link (`/proposals/<id>#<token>`; the token stays in the
 * fragment, never sent in a request line or a Referer): its status, the moderators' message, the
 * changes still waiting and those decided, and a way to withdraw it while it is pending.
 */
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import type { ProposalView, Review } from "../../../shared/api/proposals.ts";
import { proposalApi } from "../../proposals/proposalApi.ts";
import { shownValue } from "../../proposals/words.ts";
import { ErrorMessage, useErrorText, usePageTitle } from "../../session/ui.tsx";
import "./proposals.css";

const PENDING = new Set(["draft", "open", "partly-accepted"]);

export function FollowProposalPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const token = useLocation().hash.slice(1);
  const errorText = useErrorText();
  const [loaded, setLoaded] = useState<{ proposal: ProposalView; review: Review } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t("follow.title", { number: loaded?.proposal.number ?? "…" }));

  const load = useCallback(
    () => proposalApi.follow(id, token).then(setLoaded, (e: unknown) => setError(errorText(e))),
    [id, token, errorText],
  );
  useEffect(() => {
    void load();
  }, [load]);

  async function withdraw() {
    setBusy(true);
    try {
      await proposalApi.withdraw(id, token);
      await load();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }

  if (!loaded)
    return (
      <div className="page narrow">
        <ErrorMessage>{error && t("follow.loadError", { message: error })}</ErrorMessage>
        {!error && <p role="status">{t("proposals.loading")}</p>}
      </div>
    );
  const { proposal, review } = loaded;
  return (
    <div className="page narrow proposals-page">
      <h1>{t("follow.title", { number: proposal.number })}</h1>
      <p>
        <span className={`proposal-status status-${proposal.status}`}>{t(`proposals.status.${proposal.status}`)}</span>{" "}
        <Link to={`/datasets/${proposal.datasetId}`}>{t("follow.openDataset")}</Link>
      </p>
      {proposal.message && (
        <section aria-label={t("follow.yourMessage")}>
          <h2>{t("follow.yourMessage")}</h2>
          <p className="proposal-message">{proposal.message}</p>
        </section>
      )}
      {proposal.decisionMessage && (
        <section aria-label={t("follow.moderatorsMessage")}>
          <h2>{t("follow.moderatorsMessage")}</h2>
          <p className="proposal-message">{proposal.decisionMessage}</p>
        </section>
      )}
      <ErrorMessage>{error}</ErrorMessage>
      <h2>{t("follow.waiting", { count: review.changes.length })}</h2>
      <ul className="decided-list">
        {review.changes.map((change) => (
          <li key={change.id}>
            {change.kind === "cell"
              ? `${change.column ?? t("proposals.deletedColumn")}${change.rowLabel ? ` · ${change.rowLabel}` : ""}: ${shownValue(change.base, t)} → ${shownValue(change.proposed, t)}`
              : t(`proposals.kind.${change.kind}`)}
          </li>
        ))}
      </ul>
      {review.decided.length > 0 && (
        <>
          <h2>{t("proposals.decidedHeading")}</h2>
          <ul className="decided-list">
            {review.decided.map((d) => (
              <li key={`${d.changeId}-${d.at}`}>{t(`proposals.decided.${d.decision}`)}</li>
            ))}
          </ul>
        </>
      )}
      {PENDING.has(proposal.status) && proposal.status !== "draft" && (
        <button type="button" disabled={busy} onClick={() => void withdraw()}>
          {t("follow.withdraw")}
        </button>
      )}
    </div>
  );
}
